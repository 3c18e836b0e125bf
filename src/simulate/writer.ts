// Buffered CSV writing: rows are joined into a large string and written synchronously in ~1 MB chunks,
// so memory stays bounded and output order (and therefore bytes) is deterministic.
import { closeSync, openSync, writeSync } from 'node:fs';

const FLUSH_AT = 1 << 20;

/**
 * Quotes a CSV field when it needs it (RFC 4180).
 *
 * @example
 * csvField('a,b'); // '"a,b"'
 */
export function csvField(v: string | number): string {
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * One CSV file being written: header first, then rows; `close()` flushes.
 *
 * @example
 * const f = new CsvFile('/tmp/x.csv', ['a', 'b']); f.row(['1', '2']); f.close();
 */
export class CsvFile {
  private readonly fd: number;
  private buffer = '';
  rows = 0;
  bytes = 0;

  constructor(
    readonly path: string,
    columns: readonly string[],
  ) {
    this.fd = openSync(path, 'w');
    this.raw(`${columns.join(',')}\n`);
  }

  /** Writes one row of values (quoted as needed). */
  row(values: readonly (string | number)[]): void {
    let line = '';
    for (let i = 0; i < values.length; i += 1) line += (i === 0 ? '' : ',') + csvField(values[i]!);
    this.rows += 1;
    this.raw(`${line}\n`);
  }

  /** Appends pre-formatted text (one or more complete lines); the caller counts rows. */
  raw(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    this.bytes += writeSync(this.fd, this.buffer);
    this.buffer = '';
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
