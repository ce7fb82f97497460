import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FileEntry } from './manifest';

/** SHA-256 (hex) and size of one file, streamed. */
export function sha256File(file: string): Promise<{ sha256: string; size: number }> {
  return new Promise((resolve, reject) => {
    const h = crypto.createHash('sha256');
    let size = 0;
    fs.createReadStream(file, { highWaterMark: 1024 * 1024 })
      .on('data', (d: Buffer | string) => {
        const b = typeof d === 'string' ? Buffer.from(d) : d;
        size += b.length;
        h.update(b);
      })
      .on('error', reject)
      .on('end', () => resolve({ sha256: h.digest('hex'), size }));
  });
}

/** Pure: the checksum of a directory dump from its files' checksums (sorted by name). */
export function combineChecksums(files: FileEntry[]): string {
  const lines = [...files].sort((a, b) => (a.name < b.name ? -1 : 1)).map((f) => `${f.sha256}  ${f.name}\n`);
  return crypto.createHash('sha256').update(lines.join('')).digest('hex');
}

/** Checksum of a dump: a file, or a directory of files (directory format). */
export async function checksumPath(p: string): Promise<{ sha256: string; size: number; files?: FileEntry[] }> {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return sha256File(p);
  const files: FileEntry[] = [];
  for (const name of fs.readdirSync(p).sort()) {
    const full = path.join(p, name);
    if (!fs.statSync(full).isFile()) continue;
    files.push({ name, ...(await sha256File(full)) });
  }
  return { sha256: combineChecksums(files), size: files.reduce((s, f) => s + f.size, 0), files };
}

export function removePath(p: string): void {
  fs.rmSync(p, { recursive: true, force: true });
}
