// The import pages through app.inject(): who may use them, the form errors, and an upload whose bad row
// is quarantined, corrected on the quarantine page and resubmitted, with every batch's accounting intact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCount, signIn, startHarness, type Client, type Harness } from '../../access/testing/harness.ts';
import { upn } from '../fixtures.test-support.ts';

const NO_BATCH = '00000000-0000-4000-8000-000000000000';
const HEADER =
  'upn,urn,legal_forename,legal_surname,preferred_forename,date_of_birth,sex,ethnicity,sen_provision,address_line1,town,postcode,entry_date';
const CSV = [
  HEADER,
  `${upn(71)},100001,Ada,Uploadtest,,2011-03-04,F,WBRI,N,1 Elm Road,Northmoor,NM1 1AA,2016-09-03`,
  `${upn(72)},100001,Bea,Uploadtest,,2011-02-30,F,WBRI,N,2 Elm Road,Northmoor,NM1 1AA,2016-09-03`,
  `${upn(73)},100001,Cal,Uploadtest,,2010-05-06,M,WBRI,N,3 Elm Road,Northmoor,NM1 1AA,2015-09-03`,
].join('\n');

let h: Harness;
let admin: Client;
let coordinator: Client;

beforeAll(async () => {
  h = await startHarness();
  admin = await signIn(h, 'admin@northmoor.example');
  coordinator = await signIn(h, 'coordinator@northmoor.example');
});
afterAll(() => h.close());

function batchIdOf(location: unknown): string {
  const m = /^\/imports\/([0-9a-f-]{36})$/.exec(String(location));
  if (m === null) throw new Error(`not a batch page: ${String(location)}`);
  return m[1]!;
}

async function batchCounts(id: string) {
  return h.db.db
    .selectFrom('import_batch')
    .select(['rows_in', 'rows_loaded', 'rows_quarantined', 'rows_duplicate', 'status'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('import pages', () => {
  it('sends a signed-out user to sign in and hides the pages from anyone who may not import', async () => {
    const anon = await h.app.inject({ url: '/imports/new' });
    expect(anon.statusCode).toBe(303);
    expect(String(anon.headers.location)).toMatch(/^\/sign-in/);
    for (const url of [
      '/imports',
      '/imports/new',
      `/imports/${NO_BATCH}`,
      `/imports/${NO_BATCH}/quarantine`,
    ]) {
      expect((await coordinator.get(url)).statusCode, url).toBe(404);
    }
    expect((await coordinator.post('/imports', { feed: 'pupil_roll', content: CSV })).statusCode).toBe(404);
  });

  it('answers 404 for a batch that does not exist and 400 with an error summary for an incomplete upload', async () => {
    expect((await admin.get(`/imports/${NO_BATCH}`)).statusCode).toBe(404);
    expect((await admin.get('/imports/not-a-uuid')).statusCode).toBe(400);
    const res = await admin.post('/imports', { feed: '', agency: '', format: 'csv', content: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('href="#feed"');
    expect(res.body).toContain('href="#content"');
  });

  it('refuses a state-changing upload without the CSRF token', async () => {
    const res = await admin.post('/imports', {
      _csrf: 'wrong',
      feed: 'pupil_roll',
      agency: 'schools',
      content: CSV,
    });
    expect(res.statusCode).toBe(403);
  });

  it('imports an upload, quarantines the bad row, and loads it once corrected and resubmitted', async () => {
    const uploadsBefore = await auditCount(h, 'import.upload');
    const res = await admin.post('/imports', {
      feed: 'pupil_roll',
      agency: 'schools',
      format: 'csv',
      fileName: 'pupils-upload.csv',
      content: CSV,
    });
    expect(res.statusCode).toBe(303);
    const id = batchIdOf(res.headers.location);
    expect(await auditCount(h, 'import.upload')).toBe(uploadsBefore + 1);
    expect(await batchCounts(id)).toMatchObject({
      rows_in: 3,
      rows_loaded: 2,
      rows_quarantined: 1,
      rows_duplicate: 0,
      status: 'completed',
    });

    const page = await admin.get(`/imports/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('3 in = 2 loaded + 1 quarantined + 0 duplicate');
    expect((await admin.get('/imports')).body).toContain('pupils-upload.csv');

    const viewsBefore = await auditCount(h, 'import.quarantine.view');
    const q = await admin.get(`/imports/${id}/quarantine`);
    expect(q.statusCode).toBe(200);
    expect(await auditCount(h, 'import.quarantine.view')).toBe(viewsBefore + 1);
    expect(q.body).toContain('Line 3');
    expect(q.body).toContain('date_of_birth');
    expect(q.body).toContain('is not a valid date');
    const action = /action="(\/imports\/[^"]+\/quarantine\/[^"]+)"/.exec(q.body)![1]!;

    // Still wrong: nothing is resubmitted, the error summary names the field.
    const batchesBefore = await batchCount();
    const wrong = await admin.post(action, { 'value.date_of_birth': '2011-13-01' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('govuk-error-summary');
    expect(wrong.body).toContain('-date_of_birth"');
    expect(await batchCount()).toBe(batchesBefore);

    const fixed = await admin.post(action, { 'value.date_of_birth': '2011-02-28' });
    expect(fixed.statusCode).toBe(303);
    const resubmitted = batchIdOf(fixed.headers.location);
    expect(resubmitted).not.toBe(id);
    expect(await batchCounts(resubmitted)).toMatchObject({
      rows_in: 1,
      rows_loaded: 1,
      rows_quarantined: 0,
      rows_duplicate: 0,
    });
    const person = await h.db.db
      .selectFrom('person')
      .select('date_of_birth')
      .where('given_name', '=', 'Bea')
      .where('family_name', '=', 'Uploadtest')
      .execute();
    expect(person).toHaveLength(1);
    const after = await admin.get(`/imports/${id}/quarantine`);
    expect(after.body).toContain('No rows of this batch are waiting to be corrected');

    // The same file again adds nothing.
    const again = await admin.post('/imports', {
      feed: 'pupil_roll',
      agency: 'schools',
      format: 'csv',
      fileName: 'pupils-upload.csv',
      content: CSV,
    });
    expect(batchIdOf(again.headers.location)).toBe(id);
    const all = await h.db.db
      .selectFrom('import_batch')
      .select(['rows_in', 'rows_loaded', 'rows_quarantined', 'rows_duplicate'])
      .execute();
    for (const b of all) expect(b.rows_in).toBe(b.rows_loaded + b.rows_quarantined + b.rows_duplicate);
  });
});

async function batchCount(): Promise<number> {
  return (await h.db.db.selectFrom('import_batch').select('id').execute()).length;
}
