import { MessagePort, receiveMessageOnPort } from 'node:worker_threads';

/**
 * Summaries (`g.memo`) computed once for all generation threads.
 *
 * A summary is a pass over a whole table's facts (orders per day and plaza, pickups per driver,
 * events per day). Every thread used to compute each one it needed; at `--scale large` one such
 * pass costs tens of seconds (the plaza summary over 660k orders: 21 s). Now the first thread that
 * asks for a summary computes it and publishes it; the main thread keeps it, answers later askers
 * with it and sends it to every thread. A thread that asks while another one is computing it
 * stops its chunk (generation is pure: the chunk is simply made again later) and takes other
 * work; the main thread gives the chunk back once the summary is published.
 *
 * The question is synchronous (a generator is plain synchronous code): the thread posts it on
 * its own port and sleeps on a shared flag until the main thread has answered.
 */

/** Thrown out of a generator when a summary it needs is being computed by another thread. */
export class MemoBusy extends Error {
  constructor(readonly memoId: string) {
    super(`summary ${memoId} is being computed by another generation thread`);
  }
}

export type MemoAsk = { type: 'claim'; id: string } | { type: 'publish'; id: string; value: unknown } | { type: 'local'; id: string };
export type MemoAnswer = { compute: true } | { busy: true } | { value: unknown } | { local: true };

/** Worker side: the `World.shared` hook over one port and one shared flag. */
export class MemoClient {
  private flag: Int32Array;
  /** Summaries this thread started and dropped (an error or MemoBusy inside them): reported with the task's answer. */
  private dropped: string[] = [];

  constructor(
    private port: MessagePort,
    flag: SharedArrayBuffer,
  ) {
    this.flag = new Int32Array(flag);
  }

  private ask(msg: MemoAsk): MemoAnswer {
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(msg);
    for (;;) {
      const r = receiveMessageOnPort(this.port);
      if (r) return r.message as MemoAnswer;
      // Woken by the main thread's answer; the timeout only guards against a lost wake-up.
      Atomics.wait(this.flag, 0, 0, 1000);
      Atomics.store(this.flag, 0, 0);
    }
  }

  /**
   * The hook: `make` runs here only if no thread has computed or is computing `id` (or if its
   * value cannot be sent). Called once per summary and thread: the World keeps what it returns.
   */
  readonly shared = (id: string, make: () => unknown): unknown => {
    const a = this.ask({ type: 'claim', id });
    if ('value' in a) return a.value;
    if ('busy' in a) throw new MemoBusy(id);
    if ('local' in a) return make();
    let value: unknown;
    try {
      value = make();
    } catch (e) {
      this.dropped.push(id);
      throw e;
    }
    try {
      this.port.postMessage({ type: 'publish', id, value } satisfies MemoAsk);
    } catch {
      // Not cloneable (a generator keeping functions in a summary): every thread computes its own.
      this.port.postMessage({ type: 'local', id } satisfies MemoAsk);
    }
    return value;
  };

  /** Summaries dropped since the last call (sent with the task's answer). */
  drain(): string[] {
    const d = this.dropped;
    this.dropped = [];
    return d;
  }
}

/** Main side: who computes what, the published values, and the chunks waiting for them. */
export class MemoBroker<Task> {
  private computing = new Map<string, number>();
  private done = new Map<string, unknown>();
  private local = new Set<string>();
  private waiting = new Map<string, Task[]>();

  constructor(
    /** Sends a published summary to every thread but `from`. */
    private broadcast: (from: number, id: string, value: unknown) => void,
    /** Gives chunks back to the queue (their summary is ready, or nobody computes it any more). */
    private requeue: (tasks: Task[]) => void,
  ) {}

  /** A question from thread `worker`; the answer goes back on its port. */
  answer(worker: number, msg: MemoAsk): MemoAnswer | undefined {
    if (msg.type === 'claim') {
      if (this.done.has(msg.id)) return { value: this.done.get(msg.id) };
      if (this.local.has(msg.id)) return { local: true };
      const by = this.computing.get(msg.id);
      if (by !== undefined && by !== worker) return { busy: true };
      this.computing.set(msg.id, worker);
      return { compute: true };
    }
    this.computing.delete(msg.id);
    if (msg.type === 'publish') {
      this.done.set(msg.id, msg.value);
      this.broadcast(worker, msg.id, msg.value);
    } else {
      this.local.add(msg.id);
    }
    this.release(msg.id);
    return undefined;
  }

  /** A chunk stopped because summary `id` was busy: it waits for it (or goes back at once if it is no longer being computed). */
  park(task: Task, id: string): void {
    if (!this.computing.has(id)) return this.requeue([task]);
    const list = this.waiting.get(id);
    if (list) list.push(task);
    else this.waiting.set(id, [task]);
  }

  /** Summaries thread `worker` dropped; chunks waiting for them wait for `blockedOn` instead when it is being computed. */
  dropped(worker: number, ids: string[], blockedOn?: string): void {
    for (const id of ids) {
      if (this.computing.get(id) !== worker) continue;
      this.computing.delete(id);
      const list = this.waiting.get(id) ?? [];
      this.waiting.delete(id);
      if (blockedOn && this.computing.has(blockedOn)) for (const t of list) this.park(t, blockedOn);
      else if (list.length) this.requeue(list);
    }
  }

  /** A thread stopped: what it was computing is nobody's any more. */
  forget(worker: number): void {
    const ids = [...this.computing].filter(([, w]) => w === worker).map(([id]) => id);
    this.dropped(worker, ids);
  }

  private release(id: string): void {
    const list = this.waiting.get(id);
    this.waiting.delete(id);
    if (list?.length) this.requeue(list);
  }

  /** Summaries published so far (for tests and the bench). */
  get published(): number {
    return this.done.size;
  }
}
