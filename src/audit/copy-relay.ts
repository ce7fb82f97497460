/**
 * COPY from one server straight into another, with Node only passing bytes along.
 *
 * A server's CopyData message ('d', length, data) is byte for byte the CopyData message a client
 * sends during COPY FROM STDIN. So the source's socket bytes are written to the target's socket
 * as they arrive: Node reads each message's type and length to find where the CopyData run
 * ends (CopyDone), leaves out the other messages (CopyOutResponse, notices), and never copies or
 * re-frames the data itself. pg-copy-streams, by contrast, takes every row out of its message
 * and frames it again: for a million keys, most of the CPU Node spends on the transfer.
 *
 * Faults:
 * - the source fails (an ErrorResponse in the stream, at a message boundary): the target's COPY
 *   is failed with CopyFail and the source's error is thrown;
 * - the target fails (bad data): the message being written is completed, the rest of the
 *   source is read and dropped (both connections stay usable), the target's error is thrown;
 * - the source connection dies in the middle of a message: the target has half a message, so
 *   its connection is closed too (its transaction rolls back) and the error is thrown.
 */
import type pg from 'pg';

const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'
const ERROR_RESPONSE = 0x45; // 'E'

/** The parts of pg's Connection the relay uses (not in pg's public types). */
interface PgConnection {
  stream: NodeJS.ReadableStream &
    NodeJS.WritableStream & {
      read(): Buffer | null;
      destroy(err?: Error): void;
      destroyed?: boolean;
    };
  query(text: string): void;
  sendCopyFail(message: string): void;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

const copiedRows = (msg: unknown): number | undefined => {
  const m = /COPY (\d+)/.exec(String((msg as { text?: string } | undefined)?.text ?? ''));
  return m ? Number(m[1]) : undefined;
};

/** What both sides share: pg's query-object protocol (submit, then the server's messages). */
abstract class CopyQuery {
  connection?: PgConnection;
  rows = 0;
  readonly done = deferred<number>();
  constructor(readonly text: string) {}
  /** pg sets this when a query timeout is configured. */
  callback(): void {}
  handleCommandComplete(msg: unknown): void {
    this.rows = copiedRows(msg) ?? this.rows;
  }
  handleReadyForQuery(): void {
    this.callback();
    this.done.resolve(this.rows);
  }
  handleError(err: unknown): void {
    this.callback();
    this.failing(err);
    this.done.reject(err);
  }
  protected abstract failing(err: unknown): void;
}

/** The target side: COPY … FROM STDIN whose data arrives already framed. */
class CopyInTarget extends CopyQuery {
  failed?: unknown;
  readonly ready = deferred<void>();
  submit(connection: PgConnection): void {
    this.connection = connection;
    connection.query(this.text);
  }
  handleCopyInResponse(): void {
    this.ready.resolve();
  }
  /** Told when the target fails (the source then stops waiting for the target to drain). */
  onFail?: () => void;
  protected failing(err: unknown): void {
    this.failed = err;
    this.ready.reject(err);
    this.onFail?.();
  }
  write(bytes: Buffer): boolean {
    const stream = this.connection!.stream;
    // A closed target takes nothing more (and would never drain).
    if (stream.destroyed) return true;
    return stream.write(bytes);
  }
  onDrain(fn: () => void): void {
    const stream = this.connection!.stream;
    // A target whose socket closes while its buffer is full never drains (its backend was
    // terminated): the source goes on then too, or the relay would wait for ever.
    if (stream.destroyed) return void process.nextTick(fn);
    const go = () => {
      stream.removeListener('drain', go);
      stream.removeListener('close', go);
      fn();
    };
    stream.once('drain', go);
    stream.once('close', go);
  }
  finish(): void {
    this.connection!.stream.write(Buffer.from([COPY_DONE, 0, 0, 0, 4]));
  }
  fail(reason: string): void {
    this.connection!.sendCopyFail(reason);
  }
  destroy(err: Error): void {
    this.connection?.stream.destroy(err);
  }
}

/** The source side: COPY … TO STDOUT whose CopyData messages go to the target as they are. */
class CopyOutSource extends CopyQuery {
  /** Bytes forwarded that end inside a message (the target holds half a message). */
  midMessage = false;
  private pgData?: (chunk: Buffer) => void;
  private attached = false;
  private waiting = false;
  // Parser state: expecting a type byte (0), length bytes (1), or inside a body (2).
  private state = 0;
  private type = 0;
  private lengthBytes = 0;
  private length = 0;
  private remaining = 0;
  private readonly onReadable = () => this.pump();

  constructor(
    text: string,
    private readonly target: CopyInTarget,
  ) {
    super(text);
  }

  /** pg calls handleError with what submit returns. */
  submit(connection: PgConnection): Error | undefined {
    this.connection = connection;
    const stream = connection.stream;
    const listeners = stream.listeners('data') as Array<(chunk: Buffer) => void>;
    if (listeners.length !== 1) return new Error(`copy relay: expected one reader of the source connection, found ${listeners.length}`);
    this.pgData = listeners[0];
    stream.removeListener('data', this.pgData);
    stream.pause();
    stream.on('readable', this.onReadable);
    this.attached = true;
    connection.query(this.text);
    return undefined;
  }

  /** Reads on after the target failed (its bytes are no longer waited for). */
  wake(): void {
    this.waiting = false;
    this.pump();
  }

  protected failing(): void {
    this.detach(undefined);
  }

  private pump(): void {
    if (!this.attached || this.waiting) return;
    const stream = this.connection!.stream;
    let chunk: Buffer | null;
    while (this.attached && !this.waiting && (chunk = stream.read() as Buffer | null) !== null) this.parse(chunk);
  }

  /** Forwards the CopyData bytes of `chunk`; hands everything from CopyDone (or an error) on back to pg. */
  private parse(chunk: Buffer): void {
    // Once the target has failed, only the rest of a message it already holds half of is sent
    // (it ignores stray CopyData, but half a message would break its connection).
    const failed = this.target.failed !== undefined;
    // A CopyData message carried over from the last chunk continues at byte 0.
    let runStart = this.state !== 0 && this.type === COPY_DATA && (!failed || this.midMessage) ? 0 : -1;
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.state === 0) {
        if (failed && runStart >= 0) {
          this.forward(chunk, runStart, i);
          runStart = -1;
        }
        const t = chunk[i];
        if (t === COPY_DONE || t === ERROR_RESPONSE) {
          if (runStart >= 0) this.forward(chunk, runStart, i);
          this.midMessage = false;
          this.detach(chunk.subarray(i));
          return;
        }
        if (t === COPY_DATA) {
          if (runStart < 0 && !failed) runStart = i;
        } else if (runStart >= 0) {
          this.forward(chunk, runStart, i);
          runStart = -1;
        }
        this.type = t;
        if (i + 5 <= n) {
          // The whole header is here (the usual case): skip to the end of the body.
          this.remaining = chunk.readUInt32BE(i + 1) - 4;
          i += 5;
          const take = Math.min(this.remaining, n - i);
          i += take;
          this.remaining -= take;
          this.state = this.remaining > 0 ? 2 : 0;
          continue;
        }
        this.state = 1;
        this.lengthBytes = 0;
        this.length = 0;
        i++;
      } else if (this.state === 1) {
        this.length = this.length * 256 + chunk[i];
        i++;
        if (++this.lengthBytes === 4) {
          this.remaining = this.length - 4;
          this.state = this.remaining > 0 ? 2 : 0;
        }
      } else {
        const take = Math.min(this.remaining, n - i);
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = 0;
      }
    }
    if (runStart >= 0) {
      this.forward(chunk, runStart, n);
      this.midMessage = this.state !== 0;
    } else this.midMessage = false;
  }

  private forward(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    if (!this.target.write(chunk.subarray(from, to))) {
      this.waiting = true;
      this.target.onDrain(() => {
        this.waiting = false;
        this.pump();
      });
    }
  }

  private detach(rest: Buffer | undefined): void {
    if (!this.attached) return;
    this.attached = false;
    const stream = this.connection!.stream;
    stream.removeListener('readable', this.onReadable);
    stream.on('data', this.pgData!);
    if (rest?.length) this.pgData!(rest);
    process.nextTick(() => stream.resume());
  }
}

/**
 * Runs `sourceSql` (a `COPY … TO STDOUT`) on `source` and streams its data into `targetSql` (a
 * `COPY … FROM STDIN` of the same format) on `target`. Resolves with the rows the target took.
 */
export async function relayCopy(source: pg.Client, sourceSql: string, target: pg.Client, targetSql: string): Promise<number> {
  const into = new CopyInTarget(targetSql);
  (target as unknown as { query(q: unknown): unknown }).query(into);
  await into.ready.promise;
  const from = new CopyOutSource(sourceSql, into);
  into.onFail = () => from.wake();
  (source as unknown as { query(q: unknown): unknown }).query(from);
  try {
    await from.done.promise;
  } catch (e) {
    if (into.failed === undefined) {
      if (from.midMessage) into.destroy(e instanceof Error ? e : new Error(String(e)));
      else into.fail(`source failed: ${e instanceof Error ? e.message : String(e)}`);
      await into.done.promise.catch(() => undefined);
    }
    throw e;
  }
  if (into.failed !== undefined) throw into.failed;
  into.finish();
  return await into.done.promise;
}
