import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode, QuentyError } from './errors';

/**
 * Folder and file creation that fails fast with a clear error. Node's
 * `fs.mkdirSync(p, { recursive: true })` spins forever on some paths (under /proc): here the
 * nearest existing ancestor is found first, must be a folder, and each missing level is made
 * with a plain (non-recursive) mkdir, so any refusal (ENOENT, EACCES, EROFS...) surfaces at once.
 */
export function makeDirSafe(dir: string, opts: { mode?: number; code?: ErrorCode; what?: string; hint?: string } = {}): string {
  const abs = path.resolve(dir);
  const code = opts.code ?? 'USAGE';
  const what = opts.what ?? 'folder';
  const hint = opts.hint ?? 'give a path under a folder you can write to';
  const missing: string[] = [];
  let cur = abs;
  for (;;) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(cur);
    } catch (e) {
      const errno = (e as NodeJS.ErrnoException).code;
      if (errno !== 'ENOENT' && errno !== 'ENOTDIR')
        throw new QuentyError(code, `cannot create the ${what} ${abs}: ${cur}: ${errno ?? (e as Error).message}`, { hint });
    }
    if (st) {
      if (!st.isDirectory()) throw new QuentyError(code, `cannot create the ${what} ${abs}: ${cur} is not a folder`, { hint });
      break;
    }
    const parent = path.dirname(cur);
    if (parent === cur) break;
    missing.unshift(cur);
    cur = parent;
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d, opts.mode !== undefined ? { mode: opts.mode } : undefined);
    } catch (e) {
      const errno = (e as NodeJS.ErrnoException).code;
      if (errno === 'EEXIST') continue;
      throw new QuentyError(code, `cannot create the ${what} ${abs}: mkdir ${d}: ${errno ?? (e as Error).message}`, { hint });
    }
  }
  if (opts.mode !== undefined) {
    try {
      fs.accessSync(abs, fs.constants.W_OK);
    } catch (e) {
      throw new QuentyError(code, `the ${what} ${abs} is not writable: ${(e as NodeJS.ErrnoException).code}`, { hint });
    }
  }
  return abs;
}

/** Writes a file (its folder made with makeDirSafe); errors name the file and the reason. */
export function writeFileChecked(file: string, content: string | Uint8Array, opts: { mode?: number; what?: string } = {}): void {
  const what = opts.what ?? 'file';
  makeDirSafe(path.dirname(path.resolve(file)), { what: `folder of the ${what}` });
  try {
    fs.writeFileSync(file, content, opts.mode !== undefined ? { mode: opts.mode } : undefined);
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code;
    throw new QuentyError(
      'USAGE',
      `cannot write the ${what} ${path.resolve(file)}: ${errno === 'ENAMETOOLONG' ? 'the name is too long' : errno === 'EISDIR' ? 'it is a folder' : (errno ?? (e as Error).message)}`,
      {
        hint: 'give a writable path with a shorter name',
      },
    );
  }
}
