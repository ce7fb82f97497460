import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Every relative link of README.md and docs/ points at a file that exists, and a `#fragment`
 * at a heading of that file (GitHub's heading ids). Links to the web are not fetched.
 */
const ROOT = path.resolve(__dirname, '..', '..');

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return markdownFiles(p);
    return e.name.endsWith('.md') ? [p] : [];
  });
}

/** GitHub's id of a heading: lower case, punctuation dropped, spaces as hyphens. */
function headingId(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function headingIds(file: string): Set<string> {
  const ids = new Set<string>();
  let fenced = false;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (m) ids.add(headingId(m[1]));
  }
  return ids;
}

/** The targets of inline links `[text](target)` outside code, with their line numbers. */
function links(file: string): Array<{ target: string; line: number }> {
  const out: Array<{ target: string; line: number }> = [];
  let fenced = false;
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (/^\s*```/.test(text)) fenced = !fenced;
      if (fenced) return;
      const prose = text.replace(/`[^`]*`/g, '');
      for (const m of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) out.push({ target: m[1], line: i + 1 });
    });
  return out;
}

const files = [path.join(ROOT, 'README.md'), ...markdownFiles(path.join(ROOT, 'docs'))];

describe('relative links in README.md and docs/', () => {
  it('finds the documents and their links', () => {
    expect(files.length).toBeGreaterThan(5);
    expect(links(path.join(ROOT, 'README.md')).length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [path.relative(ROOT, f), f]))('%s: every relative link resolves', (_name, file) => {
    const broken: string[] = [];
    for (const { target, line } of links(file)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      const [p, fragment] = target.split('#');
      const dest = p ? path.resolve(path.dirname(file), decodeURIComponent(p)) : file;
      if (!fs.existsSync(dest)) {
        broken.push(`line ${line}: ${target} (no such file)`);
        continue;
      }
      if (fragment && dest.endsWith('.md') && !headingIds(dest).has(fragment.toLowerCase())) {
        broken.push(`line ${line}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('a broken link is caught (the checker is not blind)', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'links-'));
    const f = path.join(tmp, 'a.md');
    fs.writeFileSync(f, '# Title\n\n[ok](a.md#title) [missing](b.md) `[code](c.md)`\n```\n[fenced](d.md)\n```\n');
    const found = links(f).map((l) => l.target);
    expect(found).toEqual(['a.md#title', 'b.md']);
    expect(fs.existsSync(path.resolve(tmp, 'b.md'))).toBe(false);
    expect(headingIds(f).has('title')).toBe(true);
    fs.rmSync(tmp, { recursive: true });
  });
});
