/**
 * The upload form as it arrives (multipart/form-data, after the `_csrf` field the CSRF hook has read):
 * the chosen file is streamed to a private temporary folder and hashed on the way (never held in memory),
 * its size capped by @fastify/multipart's limit; the other fields are checked with zod and turned into
 * GOV.UK error messages. Whoever receives a form owns its folder and must `discard` it.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Multipart } from '@fastify/multipart';
import { z } from 'zod';
import { FEEDS } from '../feeds/index.ts';

/** The largest text pasted instead of a file (a form field, so held in memory while it arrives). */
export const MAX_PASTE_BYTES = 8 * 1024 * 1024;

/** The fields the form sends, checked at the edge. */
const UploadFields = z.object({
  feed: z.enum(FEEDS.map((f) => f.name) as [string, ...string[]]),
  agency: z.string().trim().min(1).max(100),
  format: z.enum(['csv', 'jsonl', 'cin-xml']).optional(),
  content: z.string().max(MAX_PASTE_BYTES).default(''),
});

const FIELD_MESSAGES: Record<string, string> = {
  feed: 'Select the feed this file belongs to',
  agency: 'Select the agency that sent this file',
  format: 'Select CSV, JSON Lines or CIN census XML',
  content: 'The pasted text must be smaller than 8 MB: choose the file instead',
};

export interface FormError {
  readonly href: string;
  readonly text: string;
}

export interface ReceivedFile {
  /** Where the file is on disk, inside the form's folder. */
  readonly path: string;
  /** The name the browser gave (no folders), for the batch page. */
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface ValidUpload {
  readonly feed: string;
  readonly agencyCode: string;
  readonly format: 'csv' | 'jsonl' | 'cin-xml';
  readonly file: ReceivedFile;
}

export interface ReceivedForm {
  /** The text fields as sent, to fill the form again. */
  readonly values: Record<string, string>;
  /** Set when every field is valid and there is a file (chosen, or the pasted text written out). */
  readonly upload?: ValidUpload;
  readonly errors: FormError[];
  /** The file was over the limit: nothing of it is kept. */
  readonly tooLarge: boolean;
  /** Removes the folder and anything in it; safe to call more than once. */
  readonly discard: () => Promise<void>;
}

/** @example formatFromName('roll.NDJSON'); // 'jsonl' */
export function formatFromName(name: string): 'csv' | 'jsonl' | 'cin-xml' | undefined {
  if (/\.csv$/i.test(name)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(name)) return 'jsonl';
  if (/\.xml$/i.test(name)) return 'cin-xml';
  return undefined;
}

/** The file's own name: no folders a browser may send, no control characters, at most 200 characters. */
function cleanName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  return base
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 200);
}

function isMultipartError(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

async function drain(stream: NodeJS.ReadableStream): Promise<void> {
  await pipeline(stream, new Writable({ write: (_chunk, _enc, done) => done() }));
}

/** Streams a file part to disk, hashing it on the way. */
async function save(part: Multipart & { type: 'file' }, path: string) {
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(part.file, tap, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  return { bytes, sha256: hash.digest('hex'), truncated: part.file.truncated };
}

export interface UploadRules {
  /** The partnership's agency codes. */
  readonly agencies: readonly string[];
  /** The size limit @fastify/multipart enforces, for the message. */
  readonly maxFileBytes: number;
}

/** @example megabytesText(200 * 1024 * 1024); // '200 MB' */
export function megabytesText(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/**
 * Reads the rest of an upload form into a new temporary folder and checks it. Never throws for what a
 * person can fix: errors come back for the error summary.
 *
 * @example
 * const form = await receiveUploadForm(formPartsOf(request), { agencies, maxFileBytes });
 * try { if (form.upload) await start(form.upload); } finally { await form.discard(); }
 */
export async function receiveUploadForm(
  parts: AsyncIterable<Multipart>,
  rules: UploadRules,
): Promise<ReceivedForm> {
  const dir = await mkdtemp(join(tmpdir(), 'sightline-upload-'));
  let discarded = false;
  const discard = async (): Promise<void> => {
    if (discarded) return;
    discarded = true;
    await rm(dir, { recursive: true, force: true });
  };
  const values: Record<string, string> = {};
  const cut = new Set<string>();
  let file: ReceivedFile | undefined;
  let tooLarge = false;
  let broken = false;
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        if (typeof part.value === 'string' && part.fieldname !== '_csrf') values[part.fieldname] = part.value;
        if (part.valueTruncated) cut.add(part.fieldname);
        continue;
      }
      // No file chosen: browsers still send the part, with an empty name (which busboy reports as none).
      const filename = (part.filename as string | undefined) ?? '';
      if (part.fieldname !== 'file' || file !== undefined || tooLarge || filename === '') {
        await drain(part.file);
        continue;
      }
      const path = join(dir, 'upload');
      const saved = await save(part, path);
      if (saved.truncated) {
        tooLarge = true;
        await rm(path, { force: true });
        continue;
      }
      file = { path, name: cleanName(filename) || 'upload', bytes: saved.bytes, sha256: saved.sha256 };
    }
  } catch (error) {
    if (isMultipartError(error, 'FST_REQ_FILE_TOO_LARGE')) tooLarge = true;
    else broken = true;
  }
  if (tooLarge || broken) {
    await discard();
    file = undefined;
  }
  const form = { values, tooLarge, discard };
  const errors: FormError[] = [];
  const parsed = UploadFields.safeParse({
    ...values,
    format: values.format === '' ? undefined : values.format,
  });
  if (!parsed.success) {
    for (const field of new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'feed')))) {
      errors.push({ href: `#${field}`, text: FIELD_MESSAGES[field] ?? FIELD_MESSAGES.feed! });
    }
  }
  if (cut.has('content')) errors.push({ href: '#content', text: FIELD_MESSAGES.content! });
  if (parsed.success && !rules.agencies.includes(parsed.data.agency)) {
    errors.push({ href: '#agency', text: FIELD_MESSAGES.agency! });
  }
  const pasted = parsed.success ? parsed.data.content.trim() !== '' : (values.content ?? '').trim() !== '';
  if (broken) {
    errors.push({ href: '#file', text: 'The file did not finish uploading: select it and try again' });
  } else if (tooLarge) {
    errors.push({
      href: '#file',
      text: `The selected file must be smaller than ${megabytesText(rules.maxFileBytes)}`,
    });
  } else if (file !== undefined && pasted) {
    errors.push({ href: '#file', text: 'Select a file or paste its contents, not both' });
  } else if (file === undefined && !pasted) {
    errors.push({ href: '#file', text: 'Select a file to upload' });
  } else if (file !== undefined && file.bytes === 0) {
    errors.push({ href: '#file', text: 'The selected file is empty' });
  }
  const format = parsed.success
    ? (parsed.data.format ?? (file === undefined ? undefined : formatFromName(file.name)))
    : undefined;
  if (parsed.success && format === undefined && !errors.some((e) => e.href === '#format')) {
    errors.push({
      href: '#format',
      text: 'Select the format of the file: CSV, JSON Lines or CIN census XML',
    });
  }
  if (errors.length > 0 || !parsed.success || format === undefined) {
    await discard();
    return { ...form, errors: sortErrors(errors) };
  }
  if (file === undefined) file = await writePasted(dir, parsed.data.content, format);
  return {
    ...form,
    errors: [],
    upload: { feed: parsed.data.feed, agencyCode: parsed.data.agency, format, file },
  };
}

const ORDER = ['#feed', '#agency', '#format', '#file', '#content'];

/** Errors in the order of the form's fields, as the GOV.UK error summary lists them. */
function sortErrors(errors: FormError[]): FormError[] {
  return [...errors].sort((a, b) => ORDER.indexOf(a.href) - ORDER.indexOf(b.href));
}

async function writePasted(
  dir: string,
  content: string,
  format: 'csv' | 'jsonl' | 'cin-xml',
): Promise<ReceivedFile> {
  const path = join(dir, 'upload');
  const bytes = Buffer.from(content, 'utf8');
  await writeFile(path, bytes, { flag: 'wx', mode: 0o600 });
  return {
    path,
    name: `pasted-text.${format === 'cin-xml' ? 'xml' : format}`,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
