/** `varchar(20)` → `character varying(20)`, `numeric (14, 2)` → `numeric(14,2)`, lower case. */
export function normalizeType(t: string): string {
  let x = t
    .trim()
    .toLowerCase()
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*\)/g, ')')
    .replace(/\s+/g, ' ');
  x = x
    .replace(/^varchar\b/, 'character varying')
    .replace(/^decimal\b/, 'numeric')
    .replace(/^char\b(?! varying)/, 'character');
  return x;
}

/**
 * Pure: whether changing a column from `from` to `to` keeps the stored bytes (no table rewrite,
 * no index rebuild): a longer or unbounded varchar, varchar to text, a numeric with more
 * precision and the same scale, or an unconstrained numeric.
 */
export function typeChangeKeepsData(from: string, to: string): boolean {
  const a = normalizeType(from);
  const b = normalizeType(to);
  if (a === b) return true;
  const vc = /^character varying(?:\((\d+)\))?$/;
  const va = vc.exec(a);
  if (va && (b === 'text' || b === 'character varying')) return true;
  const vb = vc.exec(b);
  if (va && vb && va[1] && vb[1] && Number(vb[1]) >= Number(va[1])) return true;
  if (a === 'text' && b === 'character varying') return true;
  const num = /^numeric(?:\((\d+)(?:,(\d+))?\))?$/;
  const na = num.exec(a);
  const nb = num.exec(b);
  if (na && nb) {
    if (!nb[1]) return true;
    if (na[1] && Number(nb[1]) >= Number(na[1]) && Number(nb[2] ?? 0) === Number(na[2] ?? 0)) return true;
  }
  return false;
}
