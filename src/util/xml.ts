/**
 * XML text and attribute values (JUnit reports, HTML): the five special characters escaped, and
 * the characters XML 1.0 forbids (control characters but tab, newline and carriage return;
 * U+FFFE, U+FFFF) dropped, so that a value read from a database never makes the file unreadable.
 */
export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
