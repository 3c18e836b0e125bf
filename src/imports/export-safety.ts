/**
 * Formula-injection safety for CSV and XLSX exports (OWASP "CSV injection"): a value that a spreadsheet
 * would read as a formula (starting with =, +, -, @, tab or carriage return) is prefixed with a single
 * quote so it shows as text. Every export of imported values goes through this.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Neutralises one cell value.
 *
 * @example
 * safeCell('=HYPERLINK("http://x")'); // "'=HYPERLINK(\"http://x\")"
 * safeCell('Bloggs'); // 'Bloggs'
 */
export function safeCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/**
 * Neutralises every cell of a row.
 *
 * @example
 * safeRow(['=1+1', 'ok']); // ["'=1+1", 'ok']
 */
export function safeRow(values: readonly (string | number | boolean | null | undefined)[]): string[] {
  return values.map(safeCell);
}
