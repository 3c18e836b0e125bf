/**
 * A streaming CSV reader built for speed on the common case (no quotes on a line: split on the
 * delimiter) that still follows RFC 4180 for quoted fields, doubled quotes and newlines inside quotes.
 * Detects the delimiter from the header line (comma, semicolon, tab or pipe) and drops a UTF-8 BOM.
 * Each record carries the physical line number it starts on (the header is line 1).
 */

export interface RawRecord {
  /** Physical line number (1-based) where the record starts. */
  readonly line: number;
  readonly fields: string[];
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * Picks the delimiter that splits the header line into the most fields (outside quotes).
 *
 * @example
 * detectDelimiter('a;b;c'); // ';'
 */
export function detectDelimiter(headerLine: string): string {
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const ch of headerLine) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === d) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** Incremental parser state: feed it text pieces, take complete records. */
export class CsvParser {
  /** Text added and not yet read past `pos`. */
  private s = '';
  private pos = 0;
  private final = false;
  /** Position of the next quote at or after pos (length when none): found once, not once per line. */
  private q = -1;
  private line = 1;
  private delimiter: string | undefined;
  private started = false;

  constructor(delimiter?: string) {
    this.delimiter = delimiter;
  }

  /** The delimiter in use (after the first record has been read). */
  get separator(): string | undefined {
    return this.delimiter;
  }

  /** How much of the text added so far has been read, from 0 to 1 (a chunk's place in its file). */
  get readFraction(): number {
    return this.s.length === 0 ? 1 : this.pos / this.s.length;
  }

  /**
   * Adds text and returns every record completed by it. Pass `final` with the last piece.
   *
   * @example
   * const p = new CsvParser();
   * p.push('a,b\n1,"x\ny"\n', true); // [{line:1,fields:['a','b']},{line:2,fields:['1','x\ny']}]
   */
  push(text: string, final = false): RawRecord[] {
    this.add(text, final);
    const out: RawRecord[] = [];
    this.drain((line, fields) => {
      out.push({ line, fields });
      return true;
    });
    return out;
  }

  /**
   * Adds text to read with `drain`. Pass `final` with the last piece.
   *
   * @example
   * p.add(decoder.decode(buffer, { stream: true }));
   */
  add(text: string, final = false): void {
    this.s = this.pos < this.s.length ? this.s.slice(this.pos) + text : text;
    this.pos = 0;
    this.q = -1;
    this.final = final;
  }

  /**
   * Calls `fn` with each record the added text completes, in order, making no object per record but its
   * fields (so a large file's records die young). Stops before a record when `fn` returns false, and
   * returns false: the next call starts with that record again. Returns true once every complete record
   * has been read.
   *
   * @example
   * while (!p.drain((line, fields) => take(line, fields))) await makeRoom();
   */
  drain(fn: (line: number, fields: string[]) => boolean): boolean {
    let s = this.s;
    const final = this.final;
    if (!this.started) {
      if (s.length === 0 && !final) return true;
      if (s.charCodeAt(0) === 0xfeff) {
        s = s.slice(1);
        this.s = s;
      }
      this.started = true;
    }
    if (this.delimiter === undefined) {
      const nl = s.indexOf('\n');
      if (nl < 0 && !final) return true;
      this.delimiter = detectDelimiter(nl < 0 ? s : s.slice(0, nl));
    }
    const d = this.delimiter;
    let pos = this.pos;
    const n = s.length;
    let q = this.q;
    while (pos < n) {
      const nl = s.indexOf('\n', pos);
      if (nl < 0 && !final) break;
      const end = nl < 0 ? n : nl;
      if (q < pos) {
        q = s.indexOf('"', pos);
        if (q < 0) q = n;
      }
      if (q > end) {
        // Fast path: an unquoted line.
        let lineText = s.slice(pos, end);
        if (lineText.endsWith('\r')) lineText = lineText.slice(0, -1);
        if (lineText.length > 0 && !fn(this.line, lineText.split(d))) {
          this.pos = pos;
          this.q = q;
          return false;
        }
        this.line++;
        pos = end + 1;
        continue;
      }
      const parsed = this.parseQuoted(s, pos, d, final);
      if (parsed === undefined) break;
      if (!fn(this.line, parsed.fields)) {
        this.pos = pos;
        this.q = q;
        return false;
      }
      this.line += parsed.newlines + 1;
      pos = parsed.next;
    }
    this.pos = pos;
    this.q = q;
    return true;
  }

  private parseQuoted(
    s: string,
    start: number,
    d: string,
    final: boolean,
  ): { fields: string[]; next: number; newlines: number } | undefined {
    const fields: string[] = [];
    let field = '';
    let i = start;
    let newlines = 0;
    const n = s.length;
    for (;;) {
      if (i < n && s[i] === '"') {
        i++;
        for (;;) {
          const q = s.indexOf('"', i);
          if (q < 0) {
            if (!final) return undefined;
            field += s.slice(i);
            i = n;
            break;
          }
          const chunk = s.slice(i, q);
          for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) newlines++;
          field += chunk;
          if (s[q + 1] === '"') {
            field += '"';
            i = q + 2;
            continue;
          }
          if (q + 1 >= n && !final) return undefined;
          i = q + 1;
          break;
        }
      }
      // Unquoted remainder of the field (or text after a closing quote) up to a delimiter or line end.
      while (i < n && s[i] !== d && s[i] !== '\n') {
        if (s[i] !== '\r' || (s[i + 1] !== '\n' && i + 1 < n)) field += s.charAt(i);
        i++;
      }
      if (i >= n && !final) return undefined;
      fields.push(field);
      field = '';
      if (i < n && s[i] === d) {
        i++;
        continue;
      }
      return { fields, next: i + 1, newlines };
    }
  }
}
