/** The SAT check character of an RFC (shared by person and company RFCs). */
const RFC_DICT = '0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ';

/** SAT check character of the first 11 (company, padded with a space) or 12 (person) characters. */
export function rfcCheckChar(body: string): string {
  const s = body.length === 11 ? ' ' + body : body;
  if (s.length !== 12) throw new Error(`rfc body must have 11 or 12 characters, got ${body.length}`);
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const v = RFC_DICT.indexOf(s[i]);
    if (v < 0) throw new Error(`invalid RFC character ${s[i]}`);
    sum += v * (13 - i);
  }
  const d = 11 - (sum % 11);
  return d === 11 ? '0' : d === 10 ? 'A' : String(d);
}
