/**
 * A binary codec for the facts of one table, learnt from sample rows and compiled to plain
 * JavaScript (src/seed/facts-store.ts keeps rows encoded with it in memory that every generation
 * thread shares).
 *
 * A general serializer (`v8.serialize`, MessagePack) decodes a row of facts in 5–40 µs: it reads
 * a type and, for objects, every key name from the bytes, and allocates each string. Facts of one
 * table all have nearly the same shape, so the shape is learnt once from sample rows (the same
 * rows, hence the same shape, in every thread: facts are pure) and the bytes hold only a one-byte
 * tag per value and the values themselves. The decoder is generated per shape: it builds each
 * object with its keys in a fixed order (one hidden class), reads strings that repeat in the
 * samples (a time zone, a status, a state, a frequent given name) as an index into a table of
 * those strings, and other strings as Latin-1 (a one-byte length when short) or UTF-16 slices.
 *
 * A row whose facts do not fit the learnt shape (a key or a kind of value the samples never
 * showed, a class other than Object, Array and Date) is not encoded: `encode` returns -1 and
 * the caller computes that row where it needs it, as without a store.
 */

type Kind = 'undef' | 'null' | 'bool' | 'num' | 'date' | 'str' | 'obj' | 'arr';

/** What the samples showed at one place of the facts (an object's key, an array's elements). */
export interface Field {
  kinds: Set<Kind>;
  /**
   * Strings seen here, by first appearance, with how often each was seen (undefined once there are
   * too many to be a table); once learnt, the table: each kept string and its index.
   */
  strings?: Map<string, number>;
  /** How often a string was seen here (to tell a repeating value from a name). */
  stringsSeen: number;
  /** Keys of the objects seen here, by first appearance, and what each holds. */
  keys?: Map<string, Field>;
  /** What the elements of the arrays seen here hold. */
  elements?: Field;
}

const TAG = {
  absent: 0,
  undef: 1,
  null: 2,
  false: 3,
  true: 4,
  int: 5,
  float: 6,
  date: 7,
  latin1: 8,
  utf16: 9,
  table: 10,
  obj: 11,
  arr: 12,
  latin1Short: 13,
} as const;
/** A string field keeps a table of its values when it has at most this many distinct ones in the samples… */
const MAX_TABLE = 4096;
/** …and they repeat: at least this many occurrences per distinct value (a zone, a status, a state) keeps every value seen… */
const MIN_REPEAT = 4;
/** …else only the values seen at least this often (the frequent given names among rare ones). */
const MIN_SEEN = 2;

const newField = (): Field => ({ kinds: new Set(), strings: new Map(), stringsSeen: 0 });

function kindOf(v: unknown): Kind | undefined {
  if (v === undefined) return 'undef';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return 'num';
    case 'string':
      return 'str';
    case 'object': {
      if (v instanceof Date) return 'date';
      if (Array.isArray(v)) return 'arr';
      const proto = Object.getPrototypeOf(v);
      return proto === Object.prototype || proto === null ? 'obj' : undefined;
    }
    default:
      return undefined;
  }
}

/** Adds one value to what a field has seen; false when the value cannot be encoded at all. */
function observe(f: Field, v: unknown): boolean {
  const k = kindOf(v);
  if (!k) return false;
  f.kinds.add(k);
  if (k === 'str') {
    f.stringsSeen++;
    if (f.strings) {
      const seen = f.strings.get(v as string);
      if (seen !== undefined) f.strings.set(v as string, seen + 1);
      else if (f.strings.size >= MAX_TABLE) f.strings = undefined;
      else f.strings.set(v as string, 1);
    }
  } else if (k === 'obj') {
    const keys = (f.keys ??= new Map());
    for (const key of Object.keys(v as object)) {
      let c = keys.get(key);
      if (!c) keys.set(key, (c = newField()));
      if (!observe(c, (v as Record<string, unknown>)[key])) return false;
    }
  } else if (k === 'arr') {
    const e = (f.elements ??= newField());
    for (const x of v as unknown[]) if (!observe(e, x)) return false;
  }
  return true;
}

/** Learns the shape of a table's facts from sample rows; undefined when they cannot be encoded. */
export function learnShape(samples: unknown[]): Field | undefined {
  const root = newField();
  for (const s of samples) if (!observe(root, s)) return undefined;
  // Strings that do not repeat (addresses, e-mails) are stored as text, not as a table index.
  const settle = (f: Field) => {
    if (f.strings) {
      const all = f.strings.size * MIN_REPEAT <= f.stringsSeen;
      const table = new Map<string, number>();
      for (const [x, seen] of f.strings) if (all || seen >= MIN_SEEN) table.set(x, table.size);
      f.strings = table.size ? table : undefined;
    }
    for (const c of f.keys?.values() ?? []) settle(c);
    if (f.elements) settle(f.elements);
  };
  settle(root);
  return root;
}

/** Latin-1 (one byte per character) when every character allows it. */
const NOT_LATIN1 = /[^\u0000-\u00ff]/;

/**
 * Encoder and decoder of one learnt shape over one byte array (the shared arena). `encode`
 * writes into a scratch buffer of its own and returns the length (or -1); `encoded` gives those
 * bytes, which the store copies into the arena.
 */
export class FactsCodec {
  private scratch = Buffer.allocUnsafe(1 << 16);
  /** Decodes the row at byte `at` of the arena. */
  readonly decode: (at: number) => unknown;
  /** Encodes one row's facts into the scratch buffer: its length in bytes, or -1 when they do not fit the shape (or the buffer). */
  readonly encode: (v: unknown) => number;
  private length = 0;

  constructor(root: Field, arena: Uint8Array) {
    const fields = fieldsOf(root);
    this.decode = compileDecoder(fields, arena);
    const encode = compileEncoder(fields, this.scratch);
    this.encode = (v) => (this.length = encode(v));
  }

  /** The bytes of the last `encode`. */
  encoded(): Buffer {
    return this.scratch.subarray(0, Math.max(0, this.length));
  }
}

/** Every field of a shape, the root first (a field's number is its position: the compiled functions' names). */
function fieldsOf(root: Field): Field[] {
  const fields: Field[] = [];
  const visit = (f: Field) => {
    fields.push(f);
    for (const c of f.keys?.values() ?? []) visit(c);
    if (f.elements) visit(f.elements);
  };
  visit(root);
  return fields;
}

/**
 * Generates the encoder of a shape: one function per field that writes a value's tag and bytes
 * and returns false for a value the field never showed (the row is then not stored).
 */
function compileEncoder(fields: Field[], scratch: Buffer): (v: unknown) => number {
  const idOf = new Map(fields.map((f, i) => [f, i]));
  const tables: Array<Map<string, number>> = [];
  const src: string[] = [];
  for (const [id, f] of fields.entries()) {
    const k = f.kinds;
    const out: string[] = [];
    if (k.has('undef')) out.push(`if (x === undefined) { room(1); u8[p++] = ${TAG.undef}; return true; }`);
    if (k.has('null')) out.push(`if (x === null) { room(1); u8[p++] = ${TAG.null}; return true; }`);
    if (k.has('bool')) out.push(`if (typeof x === 'boolean') { room(1); u8[p++] = x ? ${TAG.true} : ${TAG.false}; return true; }`);
    if (k.has('num'))
      out.push(
        `if (typeof x === 'number') { room(9); if ((x | 0) === x && !(x === 0 && 1 / x < 0)) { u8[p++] = ${TAG.int}; dv.setInt32(p, x, true); p += 4; } else { u8[p++] = ${TAG.float}; dv.setFloat64(p, x, true); p += 8; } return true; }`,
      );
    if (k.has('str')) {
      let table = '';
      if (f.strings) {
        tables.push(f.strings);
        table = `const i = tables[${tables.length - 1}].get(x); if (i !== undefined) { room(3); u8[p++] = ${TAG.table}; dv.setUint16(p, i, true); p += 2; return true; }`;
      }
      out.push(
        `if (typeof x === 'string') { ${table} if (NOT_LATIN1.test(x)) { room(5 + 2 * x.length); u8[p++] = ${TAG.utf16}; dv.setUint32(p, x.length, true); p += 4; p += buf.ucs2Write(x, p); } else if (x.length < 256) { room(2 + x.length); u8[p++] = ${TAG.latin1Short}; u8[p++] = x.length; p += buf.latin1Write(x, p); } else { room(5 + x.length); u8[p++] = ${TAG.latin1}; dv.setUint32(p, x.length, true); p += 4; p += buf.latin1Write(x, p); } return true; }`,
      );
    }
    if (k.has('date')) out.push(`if (x instanceof Date) { room(9); u8[p++] = ${TAG.date}; dv.setFloat64(p, x.getTime(), true); p += 8; return true; }`);
    if (k.has('arr'))
      out.push(
        `if (Array.isArray(x)) { room(5); u8[p++] = ${TAG.arr}; dv.setUint32(p, x.length, true); p += 4; for (let j = 0; j < x.length; j++) if (!e${idOf.get(f.elements!)}(x[j])) return false; return true; }`,
      );
    if (k.has('obj')) {
      const keys = [...f.keys!.entries()].map(
        ([key, c]) =>
          `v = x[${JSON.stringify(key)}]; if (v === undefined && !hasOwn(x, ${JSON.stringify(key)})) { room(1); u8[p++] = 0; } else { n++; if (!e${idOf.get(c)}(v)) return false; }`,
      );
      // A key the samples never showed would be lost: such a row does not fit.
      out.push(
        `if (typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Date) && plain(x)) { room(1); u8[p++] = ${TAG.obj}; let n = 0, v; ${keys.join(' ')} return n === Object.keys(x).length; }`,
      );
    }
    src.push(`function e${id}(x) { ${out.join(' ')} return false; }`);
  }
  const u8 = new Uint8Array(scratch.buffer, scratch.byteOffset, scratch.byteLength);
  const dv = new DataView(scratch.buffer, scratch.byteOffset, scratch.byteLength);
  const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
  const plain = (o: object) => {
    const proto = Object.getPrototypeOf(o);
    return proto === Object.prototype || proto === null;
  };
  const make = new Function(
    'u8',
    'dv',
    'buf',
    'tables',
    'NOT_LATIN1',
    'hasOwn',
    'plain',
    `let p = 0; const cap = u8.length;
     function room(n) { if (p + n > cap) throw FULL; }
     const FULL = new Error('facts row larger than the scratch buffer');
     ${src.join('\n')}
     return function encode(v) { p = 0; try { return e0(v) ? p : -1; } catch (e) { if (e === FULL) return -1; throw e; } };`,
  );
  return make(u8, dv, scratch, tables, NOT_LATIN1, hasOwn, plain) as (v: unknown) => number;
}

/**
 * Generates the decoder of a shape: one function per field, reading from `arena` at a position
 * they share. Only the tags a field's kinds allow are decoded; anything else is a corrupt store.
 */
function compileDecoder(fields: Field[], arena: Uint8Array): (at: number) => unknown {
  const idOf = new Map(fields.map((f, i) => [f, i]));
  const tables: string[][] = [];
  const src: string[] = [];
  for (const f of fields) {
    const id = idOf.get(f)!;
    const cases: string[] = [];
    if (f.kinds.has('undef')) cases.push(`case ${TAG.undef}: return undefined;`);
    if (f.kinds.has('null')) cases.push(`case ${TAG.null}: return null;`);
    if (f.kinds.has('bool')) cases.push(`case ${TAG.false}: return false;`, `case ${TAG.true}: return true;`);
    if (f.kinds.has('num')) {
      cases.push(`case ${TAG.int}: { const x = dv.getInt32(p, true); p += 4; return x; }`);
      cases.push(`case ${TAG.float}: { const x = dv.getFloat64(p, true); p += 8; return x; }`);
    }
    if (f.kinds.has('date')) cases.push(`case ${TAG.date}: { const x = new Date(dv.getFloat64(p, true)); p += 8; return x; }`);
    if (f.kinds.has('str')) {
      cases.push(`case ${TAG.latin1Short}: { const n = u8[p]; const s = buf.latin1Slice(p + 1, p + 1 + n); p += 1 + n; return s; }`);
      cases.push(`case ${TAG.latin1}: { const n = dv.getUint32(p, true); const s = buf.latin1Slice(p + 4, p + 4 + n); p += 4 + n; return s; }`);
      cases.push(`case ${TAG.utf16}: { const n = dv.getUint32(p, true); const s = buf.ucs2Slice(p + 4, p + 4 + 2 * n); p += 4 + 2 * n; return s; }`);
      if (f.strings) {
        const t = tables.length;
        // Indexes in the order the encoder numbered them (first appearance in the samples).
        tables.push([...f.strings.keys()]);
        cases.push(`case ${TAG.table}: { const x = tables[${t}][dv.getUint16(p, true)]; p += 2; return x; }`);
      }
    }
    if (f.kinds.has('obj')) {
      const body = [...f.keys!.entries()].map(([key, c]) => `t = u8[p++]; if (t !== 0) o[${JSON.stringify(key)}] = v${idOf.get(c)}(t);`);
      cases.push(`case ${TAG.obj}: { const o = {}; let t; ${body.join(' ')} return o; }`);
    }
    if (f.kinds.has('arr')) {
      const e = idOf.get(f.elements!)!;
      cases.push(
        `case ${TAG.arr}: { const n = dv.getUint32(p, true); p += 4; const a = new Array(n); for (let j = 0; j < n; j++) a[j] = v${e}(u8[p++]); return a; }`,
      );
    }
    src.push(`function v${id}(t) { switch (t) { ${cases.join(' ')} default: throw new Error('corrupt facts store: tag ' + t + ' at ' + (p - 1)); } }`);
  }
  const buf = Buffer.from(arena.buffer, arena.byteOffset, arena.byteLength);
  const dv = new DataView(arena.buffer, arena.byteOffset, arena.byteLength);
  const make = new Function('u8', 'dv', 'buf', 'tables', `let p = 0; ${src.join('\n')}\nreturn function decode(at) { p = at; return v0(u8[p++]); };`);
  return make(arena, dv, buf, tables) as (at: number) => unknown;
}
