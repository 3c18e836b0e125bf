/**
 * Streams a feed file as records (header name → text value) with their line numbers, whatever its
 * format: CSV (any delimiter, BOM, quoted newlines), JSON Lines, or CIN census XML. Memory stays
 * bounded by the read-ahead size plus one record.
 */
import { createReadStream } from 'node:fs';
import { CsvParser } from './csv.ts';
import { parseCinXml } from './cin-xml.ts';

export type FileFormat = 'csv' | 'jsonl' | 'cin-xml';

export interface SourceRecord {
  readonly line: number;
  /** Field values as text; a field missing from the row is absent. */
  readonly values: Readonly<Record<string, string>>;
  /** Set when the row itself could not be read (wrong field count, invalid JSON). */
  readonly readError?: string;
}

/**
 * Guesses the format from the file name (`.jsonl`/`.ndjson`, `.xml`, anything else CSV).
 *
 * @example
 * formatOf('attendance.csv'); // 'csv'
 */
export function formatOf(fileName: string): FileFormat {
  if (/\.(jsonl|ndjson)$/i.test(fileName)) return 'jsonl';
  if (/\.xml$/i.test(fileName)) return 'cin-xml';
  return 'csv';
}

function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<SourceRecord[]> {
  const parser = new CsvParser();
  let header: string[] | undefined;
  const convert = (raw: { line: number; fields: string[] }[]): SourceRecord[] => {
    const out: SourceRecord[] = [];
    for (const r of raw) {
      if (header === undefined) {
        header = r.fields.map((h) => h.trim().toLowerCase());
        continue;
      }
      const values: Record<string, string> = {};
      const n = Math.min(header.length, r.fields.length);
      for (let i = 0; i < n; i++) values[header[i]!] = r.fields[i]!;
      if (r.fields.length !== header.length) {
        out.push({
          line: r.line,
          values,
          readError: `the row has ${r.fields.length} fields; expected ${header.length} as in the header`,
        });
      } else out.push({ line: r.line, values });
    }
    return out;
  };
  for await (const chunk of chunks) {
    const recs = convert(parser.push(chunk));
    if (recs.length > 0) yield recs;
  }
  const last = convert(parser.push('', true));
  if (last.length > 0) yield last;
}

async function* jsonlRecords(chunks: AsyncIterable<string>): AsyncGenerator<SourceRecord[]> {
  let buf = '';
  let line = 0;
  let first = true;
  const parseLines = (text: string): SourceRecord[] => {
    const out: SourceRecord[] = [];
    for (const raw of text.split('\n')) {
      line++;
      const t = raw.trim();
      if (t === '') continue;
      try {
        const obj: unknown = JSON.parse(t);
        if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
          out.push({
            line,
            values: {},
            readError: 'the line is not a JSON object; expected {"field": value, …}',
          });
          continue;
        }
        const values: Record<string, string> = {};
        for (const [k, v] of Object.entries(obj)) values[k.toLowerCase()] = toText(v);
        out.push({ line, values });
      } catch {
        out.push({
          line,
          values: {},
          readError: 'the line is not valid JSON; expected one JSON object per line',
        });
      }
    }
    return out;
  };
  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    buf += chunk;
    const nl = buf.lastIndexOf('\n');
    if (nl < 0) continue;
    const recs = parseLines(buf.slice(0, nl));
    buf = buf.slice(nl + 1);
    if (recs.length > 0) yield recs;
  }
  if (buf.length > 0) {
    const recs = parseLines(buf);
    if (recs.length > 0) yield recs;
  }
}

/**
 * Reads a file as batches of records.
 *
 * @example
 * for await (const batch of readSource('pupils.csv')) for (const r of batch) r.values.upn;
 */
export async function* readSource(
  path: string,
  format: FileFormat = formatOf(path),
  onBytes?: (bytes: number) => void,
): AsyncGenerator<SourceRecord[]> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  async function* text(): AsyncGenerator<string> {
    const decoder = new TextDecoder('utf-8');
    for await (const buf of stream as AsyncIterable<Buffer>) {
      onBytes?.(buf.length);
      yield decoder.decode(buf, { stream: true });
    }
    const rest = decoder.decode();
    if (rest.length > 0) yield rest;
  }
  if (format === 'jsonl') yield* jsonlRecords(text());
  else if (format === 'cin-xml') {
    let all = '';
    for await (const t of text()) all += t;
    yield parseCinXml(all);
  } else yield* csvRecords(text());
}
