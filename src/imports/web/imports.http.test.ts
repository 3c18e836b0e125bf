// The import pages through app.inject() with real multipart bodies: who may use them, the CSRF token
// that must open the form, the form errors (nothing imported, no file left behind), the size limit, and
// uploads that import in the background while the batch page and its JSON show the progress, ending with
// every row accounted for; a bad row is quarantined, corrected on the quarantine page and resubmitted.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditCount,
  cookieHeader,
  signIn,
  startHarness,
  type Client,
  type Harness,
} from '../../access/testing/harness.ts';
import { newId } from '../../platform/ids/ids.ts';
import { upn } from '../fixtures.test-support.ts';

const NO_BATCH = '00000000-0000-4000-8000-000000000000';
const HEADER =
  'upn,urn,legal_forename,legal_surname,preferred_forename,date_of_birth,sex,ethnicity,sen_provision,address_line1,town,postcode,entry_date';
/** Three pupils, the second with a date of birth that does not exist. */
function rollCsv(first: number, surname: string): string {
  return [
    HEADER,
    `${upn(first)},100001,Ada,${surname},,2011-03-04,F,WBRI,N,1 Elm Road,Northmoor,NM1 1AA,2016-09-03`,
    `${upn(first + 1)},100001,Bea,${surname},,2011-02-30,F,WBRI,N,2 Elm Road,Northmoor,NM1 1AA,2016-09-03`,
    `${upn(first + 2)},100001,Cal,${surname},,2010-05-06,M,WBRI,N,3 Elm Road,Northmoor,NM1 1AA,2015-09-03`,
  ].join('\n');
}
const CSV = rollCsv(71, 'Uploadtest');

/** Uploads are streamed to temporary folders: this file's own, so the test can see they are removed. */
const TMP = mkdtempSync(join(tmpdir(), 'sightline-upload-test-'));
process.env.TMPDIR = TMP;

let h: Harness;
let admin: Client;
let coordinator: Client;

beforeAll(async () => {
  h = await startHarness({ env: { SIGHTLINE_UPLOAD_MAX_MB: '1' } });
  admin = await signIn(h, 'admin@northmoor.example');
  coordinator = await signIn(h, 'coordinator@northmoor.example');
});
afterAll(async () => {
  await h.close();
  rmSync(TMP, { recursive: true, force: true });
});

interface UploadForm {
  csrf?: string | null;
  fields?: Record<string, string>;
  file?: { name: string; content: string | Uint8Array };
  /** Put the CSRF token after the file (a form that does not open with it). */
  csrfLast?: boolean;
}

/** Posts the upload form as multipart/form-data, the way a browser sends it. */
function upload(client: Client, form: UploadForm): Promise<LightMyRequestResponse> {
  const data = new FormData();
  const csrf = form.csrf === undefined ? client.csrf : form.csrf;
  if (csrf !== null && form.csrfLast !== true) data.append('_csrf', csrf);
  for (const [k, v] of Object.entries(form.fields ?? {})) data.append(k, v);
  if (form.file !== undefined) data.append('file', new Blob([form.file.content]), form.file.name);
  else data.append('file', new Blob([]), '');
  if (csrf !== null && form.csrfLast === true) data.append('_csrf', csrf);
  return h.app.inject({
    method: 'POST',
    url: '/imports',
    headers: cookieHeader({ sightline_session: client.cookie }),
    payload: data,
  });
}

const PUPIL_ROLL = { feed: 'pupil_roll', agency: 'schools' };

function batchIdOf(res: LightMyRequestResponse): string {
  const m = /^\/imports\/([0-9a-f-]{36})$/.exec(String(res.headers.location));
  if (res.statusCode !== 303 || m === null) {
    throw new Error(`not a batch page: ${res.statusCode} ${String(res.headers.location)}`);
  }
  return m[1]!;
}

interface BatchJson {
  status: string;
  rowsIn: number;
  loaded: number;
  quarantined: number;
  duplicate: number;
  balanced: boolean;
  progress: { rowsRead: number; bytesRead: number; bytesTotal: number | null; percent: number | null };
}

async function batchJson(id: string): Promise<BatchJson> {
  const res = await admin.get(`/api/v1/imports/${id}`);
  expect(res.statusCode).toBe(200);
  return res.json<BatchJson>();
}

/** Polls the batch's JSON until it stops running; returns every observation. */
async function untilDone(id: string): Promise<BatchJson[]> {
  const seen: BatchJson[] = [];
  for (let i = 0; i < 600; i++) {
    const b = await batchJson(id);
    seen.push(b);
    if (b.status !== 'running') return seen;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the import did not finish');
}

async function batchCount(): Promise<number> {
  return (await h.db.db.selectFrom('import_batch').select('id').execute()).length;
}

function leftovers(): string[] {
  return readdirSync(TMP);
}

describe('import pages: who may use them', () => {
  it('sends a signed-out user to sign in and hides every page and the JSON from anyone who may not import', async () => {
    const anon = await h.app.inject({ url: '/imports/new' });
    expect(anon.statusCode).toBe(303);
    expect(String(anon.headers.location)).toMatch(/^\/sign-in/);
    expect((await h.app.inject({ url: `/api/v1/imports/${NO_BATCH}` })).statusCode).toBe(401);
    for (const url of [
      '/imports',
      '/imports/new',
      `/imports/${NO_BATCH}`,
      `/imports/${NO_BATCH}/quarantine`,
      `/api/v1/imports/${NO_BATCH}`,
    ]) {
      expect((await coordinator.get(url)).statusCode, url).toBe(404);
    }
    const before = await batchCount();
    const res = await upload(coordinator, { fields: PUPIL_ROLL, file: { name: 'pupils.csv', content: CSV } });
    expect(res.statusCode).toBe(404);
    expect(await batchCount()).toBe(before);
    expect(leftovers()).toEqual([]);
  });

  it('describes the batch JSON in the OpenAPI document', async () => {
    const doc = (await h.app.inject({ url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, unknown>;
    }>();
    expect(Object.keys(doc.paths)).toContain('/api/v1/imports/{id}');
  });

  it('refuses a multipart upload whose CSRF token is missing, wrong, or not the first field', async () => {
    const before = await batchCount();
    const file = { name: 'pupils.csv', content: CSV };
    expect((await upload(admin, { csrf: null, fields: PUPIL_ROLL, file })).statusCode).toBe(403);
    expect((await upload(admin, { csrf: 'wrong', fields: PUPIL_ROLL, file })).statusCode).toBe(403);
    expect((await upload(admin, { csrfLast: true, fields: PUPIL_ROLL, file })).statusCode).toBe(403);
    expect((await upload(admin, { csrf: coordinator.csrf, fields: PUPIL_ROLL, file })).statusCode).toBe(403);
    expect(await batchCount()).toBe(before);
    expect(leftovers()).toEqual([]);
  });
});

describe('POST /imports over a socket', () => {
  it('refuses a large upload with a wrong token, or over the limit, without reading it into the import', async () => {
    const url = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const before = await batchCount();
    const send = async (csrf: string) => {
      const data = new FormData();
      data.append('_csrf', csrf);
      data.append('feed', 'pupil_roll');
      data.append('agency', 'schools');
      data.append('file', new Blob([`${HEADER}\n${'x'.repeat(3 * 1024 * 1024)}`]), 'big.csv');
      const res = await fetch(`${url}/imports`, {
        method: 'POST',
        body: data,
        headers: cookieHeader({ sightline_session: admin.cookie }),
        redirect: 'manual',
      });
      return { status: res.status, body: await res.text() };
    };
    expect((await send('wrong')).status).toBe(403);
    const tooLarge = await send(admin.csrf);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toContain('The selected file must be smaller than 1 MB');
    expect(await batchCount()).toBe(before);
    expect(leftovers()).toEqual([]);
  });
});

describe('POST /imports: form errors', () => {
  it('answers 404 for a batch that does not exist and 400 for an id that is not one', async () => {
    expect((await admin.get(`/imports/${NO_BATCH}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/imports/${NO_BATCH}`)).statusCode).toBe(404);
    expect((await admin.get('/imports/not-a-uuid')).statusCode).toBe(400);
  });

  it('shows the error summary for a form with no file, no feed and no agency, and imports nothing', async () => {
    const before = await batchCount();
    const res = await upload(admin, { fields: { feed: '', agency: '' } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('<a href="#feed">Select the feed this file belongs to</a>');
    expect(res.body).toContain('<a href="#agency">Select the agency that sent this file</a>');
    expect(res.body).toContain('<a href="#file">Select a file to upload</a>');
    expect(await batchCount()).toBe(before);
  });

  it('refuses a feed or agency that does not exist, a file without a format, and an empty file', async () => {
    const before = await batchCount();
    const file = { name: 'pupils.csv', content: CSV };
    const wrongFeed = await upload(admin, { fields: { feed: 'no_such_feed', agency: 'schools' }, file });
    expect(wrongFeed.statusCode).toBe(400);
    expect(wrongFeed.body).toContain('href="#feed"');
    const wrongAgency = await upload(admin, { fields: { feed: 'pupil_roll', agency: 'nowhere' }, file });
    expect(wrongAgency.statusCode).toBe(400);
    expect(wrongAgency.body).toContain('href="#agency"');
    expect(wrongAgency.body).toContain('value="pupil_roll" selected');
    const noFormat = await upload(admin, { fields: PUPIL_ROLL, file: { name: 'pupils.txt', content: CSV } });
    expect(noFormat.statusCode).toBe(400);
    expect(noFormat.body).toContain(
      '<a href="#format">Select the format of the file: CSV, JSON Lines or CIN census XML</a>',
    );
    const empty = await upload(admin, { fields: PUPIL_ROLL, file: { name: 'pupils.csv', content: '' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('The selected file is empty');
    const both = await upload(admin, { fields: { ...PUPIL_ROLL, content: CSV }, file });
    expect(both.statusCode).toBe(400);
    expect(both.body).toContain('Select a file or paste its contents, not both');
    expect(await batchCount()).toBe(before);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a file over the size limit with the error summary, imports nothing and keeps nothing of it', async () => {
    const before = await batchCount();
    const big = `${HEADER}\n${'x'.repeat(1024 * 1024 + 10)}\n`;
    const res = await upload(admin, { fields: PUPIL_ROLL, file: { name: 'huge.csv', content: big } });
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('<a href="#file">The selected file must be smaller than 1 MB</a>');
    expect(await batchCount()).toBe(before);
    expect(leftovers()).toEqual([]);
  });

  it('asks for a file when the form is not sent as multipart', async () => {
    const res = await admin.post('/imports', { feed: 'pupil_roll', agency: 'schools', content: CSV });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#file"');
  });
});

describe('POST /imports: importing', () => {
  it('imports an uploaded file in the background, quarantines the bad row, and loads it once corrected', async () => {
    const starts = await auditCount(h, 'import.upload.start');
    const uploads = await auditCount(h, 'import.upload');
    const res = await upload(admin, {
      fields: { ...PUPIL_ROLL, format: 'csv' },
      file: { name: 'pupils upload.csv', content: CSV },
    });
    const id = batchIdOf(res);
    expect(await auditCount(h, 'import.upload.start')).toBe(starts + 1);
    const seen = await untilDone(id);
    expect(seen.at(-1)).toMatchObject({
      status: 'completed',
      rowsIn: 3,
      loaded: 2,
      quarantined: 1,
      duplicate: 0,
      balanced: true,
      progress: { rowsRead: 3, percent: 100 },
    });
    await expect.poll(() => auditCount(h, 'import.upload')).toBe(uploads + 1);
    const row = await h.db.db
      .selectFrom('import_batch')
      .select(['created_by', 'file_name'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.file_name).toBe('pupils upload.csv');
    expect(row.created_by).not.toBeNull();
    await expect.poll(leftovers).toEqual([]);

    const page = await admin.get(`/imports/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('3 in = 2 loaded + 1 quarantined + 0 duplicate');
    expect(page.body).not.toContain('batch-progress.js');
    expect((await admin.get('/imports')).body).toContain('pupils upload.csv');

    const viewsBefore = await auditCount(h, 'import.quarantine.view');
    const q = await admin.get(`/imports/${id}/quarantine`);
    expect(q.statusCode).toBe(200);
    expect(await auditCount(h, 'import.quarantine.view')).toBe(viewsBefore + 1);
    expect(q.body).toContain('Line 3');
    expect(q.body).toContain('is not a valid date');
    const action = /action="(\/imports\/[^"]+\/quarantine\/[^"]+)"/.exec(q.body)![1]!;
    const wrong = await admin.post(action, { 'value.date_of_birth': '2011-13-01' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('govuk-error-summary');
    const fixed = await admin.post(action, { 'value.date_of_birth': '2011-02-28' });
    expect(fixed.statusCode).toBe(303);
    const resubmitted = /^\/imports\/([0-9a-f-]{36})$/.exec(String(fixed.headers.location))![1]!;
    expect(await batchJson(resubmitted)).toMatchObject({ status: 'completed', rowsIn: 1, loaded: 1 });

    // The same file again adds nothing: the upload answers with the batch it made before.
    const again = await upload(admin, {
      fields: PUPIL_ROLL,
      file: { name: 'pupils-again.csv', content: CSV },
    });
    expect(batchIdOf(again)).toBe(id);
    await expect.poll(() => auditCount(h, 'import.upload')).toBe(uploads + 2);
    await expect.poll(leftovers).toEqual([]);
  });

  it('shows the progress of a few-thousand-row file while it imports, ending at every row read', async () => {
    const lines = [HEADER];
    for (let p = 1000; p < 4000; p++) {
      lines.push(
        `${upn(p)},100002,Pupil${p},Progresstest,,2012-0${1 + (p % 9)}-1${p % 9},F,WBRI,N,${p} Long Lane,Northmoor,NM2 2BB,2017-09-04`,
      );
    }
    const content = `${lines.join('\n')}\n`;
    const res = await upload(admin, { fields: PUPIL_ROLL, file: { name: 'big-roll.csv', content } });
    const id = batchIdOf(res);
    const running = await admin.get(`/imports/${id}`);
    const seen = await untilDone(id);
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ status: 'completed', rowsIn: 3000, balanced: true });
    expect(last.progress).toMatchObject({
      rowsRead: 3000,
      bytesRead: Buffer.byteLength(content),
      bytesTotal: Buffer.byteLength(content),
      percent: 100,
    });
    // Progress only moves forward, and the batch was seen running part way.
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.progress.rowsRead).toBeGreaterThanOrEqual(seen[i - 1]!.progress.rowsRead);
    }
    const partWay = seen.filter(
      (b) => b.status === 'running' && b.progress.rowsRead > 0 && b.progress.rowsRead < 3000,
    );
    expect(partWay.length).toBeGreaterThan(0);
    expect(running.body).toContain('govuk-tag--blue');
    expect(running.body).toContain('Rows read so far');
    expect(running.body).toContain(`href="/imports/${id}"`);
    expect(running.body).toContain('/static/imports/batch-progress.js');
    expect(running.body).toContain('data-poll-url="/api/v1/imports/');
    expect(running.body).toContain('aria-live="polite" data-progress="headline"');
  });

  it('shows on the list of imports how far a running batch has got, or that it has stalled', async () => {
    const agency = await h.db.db
      .selectFrom('agency')
      .select('id')
      .where('code', '=', 'schools')
      .executeTakeFirstOrThrow();
    const id = newId();
    await sql`insert into import_batch (id, partnership_id, agency_id, feed, file_name, file_sha256, status,
        rows_read, bytes_read, bytes_total, run_started_at, progress_at)
      values (${id}, ${h.partnershipId}, ${agency.id}, 'pupil_roll', 'long-roll.csv', ${'f'.repeat(64)}, 'running',
        12000, 300000, 1000000, clock_timestamp() - interval '30 seconds', clock_timestamp())`.execute(
      h.db.db,
    );
    const row = (body: string) =>
      body.slice(body.indexOf('long-roll.csv'), body.indexOf('</tr>', body.indexOf('long-roll.csv')));
    const running = row((await admin.get('/imports')).body);
    expect(running).toContain('12,000 rows read, 30% of the file. Time left: about 1 minute');
    await sql`update import_batch set progress_at = clock_timestamp() - interval '6 minutes' where id = ${id}`.execute(
      h.db.db,
    );
    const stalled = row((await admin.get('/imports')).body);
    expect(stalled).toContain('Stalled: no progress for more than 5 minutes');
    expect(stalled).not.toContain('Time left');
    await sql`update import_batch set status = 'failed', failure = 'stopped' where id = ${id}`.execute(
      h.db.db,
    );
    expect(row((await admin.get('/imports')).body)).not.toContain('Stalled');
  });

  it('takes pasted text instead of a file, and goes by the file name for the format when none is chosen', async () => {
    const pasted = await upload(admin, {
      fields: {
        feed: 'pupil_roll',
        agency: 'schools',
        format: 'csv',
        content: rollCsv(81, 'Pastetest'),
      },
    });
    const pastedBatch = await untilDone(batchIdOf(pasted));
    expect(pastedBatch.at(-1)).toMatchObject({ status: 'completed', rowsIn: 3, loaded: 2, quarantined: 1 });

    const jsonl = [
      {
        upn: upn(91),
        legal_forename: 'Dee',
        legal_surname: 'Jsontest',
        date_of_birth: '2012-01-02',
        sex: 'F',
      },
      {
        upn: upn(92),
        legal_forename: 'Eli',
        legal_surname: 'Jsontest',
        date_of_birth: '2012-03-04',
        sex: 'M',
      },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const res = await upload(admin, { fields: PUPIL_ROLL, file: { name: 'roll.ndjson', content: jsonl } });
    const seen = await untilDone(batchIdOf(res));
    expect(seen.at(-1)).toMatchObject({ status: 'completed', rowsIn: 2, loaded: 2, quarantined: 0 });
    await expect.poll(leftovers).toEqual([]);
  });

  it('takes the CIN census XML, its format known from the file name', async () => {
    const xml = readFileSync(join(import.meta.dirname, '..', 'testdata', 'cin-census.xml'), 'utf8');
    const res = await upload(admin, {
      fields: { feed: 'cin_census', agency: 'csc' },
      file: { name: 'census.XML', content: xml },
    });
    const seen = await untilDone(batchIdOf(res));
    expect(seen.at(-1)).toMatchObject({ status: 'completed', rowsIn: 2, loaded: 1, quarantined: 1 });
    await expect.poll(leftovers).toEqual([]);
  });
});

describe('closing the app while an upload imports', () => {
  it('stops the import at its next chunk or lets it finish, never leaving it running, and removes the file', async () => {
    const own = await startHarness();
    const user = await signIn(own, 'admin@northmoor.example');
    const lines = ['urn,upn,date,session,mark'];
    for (let p = 0; p < 400; p++) {
      for (let d = 10; d <= 28; d++) {
        for (const s of ['AM', 'PM']) lines.push(`100001,${upn(p)},2024-10-${d},${s},/`);
      }
    }
    const data = new FormData();
    data.append('_csrf', user.csrf);
    data.append('feed', 'attendance');
    data.append('agency', 'schools');
    data.append('file', new Blob([lines.join('\n')]), 'marks.csv');
    const res = await own.app.inject({
      method: 'POST',
      url: '/imports',
      headers: cookieHeader({ sightline_session: user.cookie }),
      payload: data,
    });
    const id = batchIdOf(res);
    await own.app.close();
    const b = await own.db.db
      .selectFrom('import_batch')
      .select(['status', 'failure', 'rows_in', 'rows_loaded', 'rows_quarantined', 'rows_duplicate'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(['completed', 'failed']).toContain(b.status);
    if (b.status === 'failed') expect(b.failure).toBe('stopped');
    expect(b.rows_in).toBe(b.rows_loaded + b.rows_quarantined + b.rows_duplicate);
    expect(leftovers()).toEqual([]);
    await own.db.dispose();
  });
});
