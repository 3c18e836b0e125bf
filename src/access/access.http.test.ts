import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from './audit/verify.ts';
import {
  auditCount,
  cookieFrom,
  cookieHeader,
  csrfIn,
  formBody,
  personId,
  signIn,
  startHarness,
  type Harness,
} from './testing/harness.ts';

describe('access in demo mode: sessions, CSRF, scope, audit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('redirects pages to sign-in and answers 401 on the API when signed out', async () => {
    const page = await h.app.inject({ url: '/people' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Fpeople');
    const api = await h.app.inject({ url: '/api/v1/people' });
    expect(api.statusCode).toBe(401);
  });

  it('sets an HttpOnly SameSite=Lax session cookie with a fresh id, storing only its hash', async () => {
    const page = await h.app.inject({ url: '/sign-in' });
    const res = await h.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...cookieHeader({ sightline_csrf: cookieFrom(page, 'sightline_csrf')! }),
      },
      payload: formBody({
        _csrf: csrfIn(page.body),
        email: 'dsl@northmoor.example',
        password: 'northmoor-demo-only',
      }),
    });
    expect(res.statusCode).toBe(303);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^sightline_session=[A-Za-z0-9_-]{43};/);
    const attributes = setCookie.split(';').map((a) => a.trim());
    expect(attributes).toEqual(expect.arrayContaining(['Path=/', 'SameSite=Lax', 'HttpOnly']));
    const id = cookieFrom(res, 'sightline_session')!;
    const raw = await h.db.db.selectFrom('session').select('id_hash').execute();
    expect(raw.some((r) => r.id_hash === id)).toBe(false);
    expect(raw.every((r) => /^[0-9a-f]{64}$/.test(r.id_hash))).toBe(true);
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const c = await signIn(h, 'admin@northmoor.example');
    const res = await h.app.inject({
      method: 'POST',
      url: '/admin/users',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...cookieHeader({ sightline_session: c.cookie }),
      },
      payload: formBody({ email: 'x@northmoor.example' }),
    });
    expect(res.statusCode).toBe(403);
    const wrong = await c.post('/admin/users', { _csrf: 'not-the-token', email: 'x@northmoor.example' });
    expect(wrong.statusCode).toBe(403);
  });

  it('ends a session after 15 idle minutes and after 12 hours in all', async () => {
    const c = await signIn(h, 'nurse@northmoor.example');
    expect((await c.get('/people')).statusCode).toBe(200);
    h.clock.advance(14 * 60_000);
    expect((await c.get('/people')).statusCode).toBe(200);
    h.clock.advance(16 * 60_000);
    expect((await c.get('/people')).statusCode).toBe(303);
    const d = await signIn(h, 'nurse@northmoor.example');
    for (let i = 0; i < 12 * 5; i += 1) {
      h.clock.advance(12 * 60_000);
      if ((await d.get('/api/v1/people')).statusCode !== 200) break;
    }
    expect((await d.get('/api/v1/people')).statusCode).toBe(401);
    const ended = await h.db.db
      .selectFrom('session')
      .select('end_reason')
      .where('end_reason', '=', 'absolute_timeout')
      .execute();
    expect(ended.length).toBeGreaterThan(0);
  });

  it('signs out, and the old cookie no longer works', async () => {
    const c = await signIn(h, 'nurse@northmoor.example');
    const out = await c.post('/sign-out', {});
    expect(out.statusCode).toBe(303);
    expect((await c.get('/api/v1/people')).statusCode).toBe(401);
  });

  it('disabling an account ends every one of its sessions at once', async () => {
    const a = await signIn(h, 'analyst@northmoor.example');
    const b = await signIn(h, 'analyst@northmoor.example');
    const admin = await signIn(h, 'admin@northmoor.example');
    const user = await h.db.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', 'analyst@northmoor.example')
      .executeTakeFirstOrThrow();
    expect((await admin.post(`/admin/users/${user.id}/disable`, {})).statusCode).toBe(303);
    expect((await a.get('/api/v1/people')).statusCode).toBe(401);
    expect((await b.get('/api/v1/people')).statusCode).toBe(401);
  });

  it('signs nobody in on a live session whose account was disabled, or is in another partnership', async () => {
    const c = await signIn(h, 'nurse@northmoor.example');
    expect((await c.get('/api/v1/people')).statusCode).toBe(200);
    const user = await h.db.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', 'nurse@northmoor.example')
      .executeTakeFirstOrThrow();
    const setDisabled = (at: Date | null) =>
      h.db.db.updateTable('user_account').set({ disabled_at: at }).where('id', '=', user.id).execute();
    await setDisabled(h.clock.now());
    try {
      expect((await c.get('/api/v1/people')).statusCode).toBe(401);
    } finally {
      await setDisabled(null);
    }
    expect((await c.get('/api/v1/people')).statusCode).toBe(200);
    const other = randomUUID();
    await sql`insert into partnership (partnership_id, code, name) values (${other}, ${`other-${other}`}, 'Another partnership')`.execute(
      h.db.db,
    );
    await h.db.db
      .updateTable('session')
      .set({ partnership_id: other })
      .where('user_id', '=', user.id)
      .where('ended_at', 'is', null)
      .execute();
    expect((await c.get('/api/v1/people')).statusCode).toBe(401);
  });

  it('lists and counts only people in scope, and says only "may exist elsewhere" for a hidden match', async () => {
    const dsl = await signIn(h, 'dsl@northmoor.example');
    const list = await dsl.get('/api/v1/people');
    const body = list.json<{ total: number; people: { familyName: string }[] }>();
    expect(body.people.map((p) => p.familyName)).toEqual(['Osei']);
    expect(body.total).toBe(1);
    const search = await dsl.get('/api/v1/people?q=Hartwell');
    const found = search.json<{ total: number; people: unknown[]; notice?: string }>();
    expect(found.total).toBe(0);
    expect(found.people).toEqual([]);
    expect(found.notice).toBe('A record may exist elsewhere: contact the MASH');
    const nothing = (await dsl.get('/api/v1/people?q=Zzzznotaname')).json<{ notice?: string }>();
    expect(nothing.notice).toBeUndefined();
    const page = await dsl.get('/people?q=Hartwell');
    expect(page.body).toContain('A record may exist elsewhere: contact the MASH');
    expect(page.body).not.toContain(`/people/${await personId(h, 'Hartwell')}`);
    expect(page.body).toContain('0 people you can see');
    const audit = await h.db.db
      .selectFrom('audit_event')
      .select(['details', 'subject_ids'])
      .where('action', '=', 'person.search')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ terms: ['Hartwell'] });
  });

  it('answers 404 for another agency’s child, exactly as for a missing one', async () => {
    const dsl = await signIn(h, 'dsl@northmoor.example');
    const other = await dsl.get(`/people/${await personId(h, 'Hartwell')}`);
    const missing = await dsl.get('/people/00000000-0000-4000-8000-000000000000');
    expect(other.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    const strip = (s: string) => s.replace(/value="[^"]+"/g, '').replace(/nonce="[^"]+"/g, '');
    expect(strip(other.body)).toBe(strip(missing.body));
  });

  it('shows health details to health agencies and coordinators only', async () => {
    const id = await personId(h, 'Hartwell');
    const nurse = (await (await signIn(h, 'nurse@northmoor.example')).get(`/api/v1/people/${id}`)).json<{
      healthVisible: boolean;
      events: { restricted: boolean; narrative: string | null }[];
    }>();
    const coordinator = (
      await (await signIn(h, 'coordinator@northmoor.example')).get(`/api/v1/people/${id}`)
    ).json<{ healthVisible: boolean }>();
    const police = (await (await signIn(h, 'dplead@northmoor.example')).get(`/api/v1/people/${id}`)).json<{
      healthVisible: boolean;
      events: { restricted: boolean; narrative: string | null; type: string }[];
    }>();
    expect(nurse.healthVisible).toBe(true);
    expect(nurse.events.some((e) => e.narrative === 'Attended the sexual-health clinic.')).toBe(true);
    expect(coordinator.healthVisible).toBe(true);
    expect(police.healthVisible).toBe(false);
    expect(police.events.filter((e) => e.restricted)).toHaveLength(1);
    expect(JSON.stringify(police)).not.toContain('sexual-health');
  });

  it('writes exactly one audit event per successful person read, page or API', async () => {
    const c = await signIn(h, 'coordinator@northmoor.example');
    const id = await personId(h, 'Brennan');
    const before = await auditCount(h, 'person.read', 'success');
    const n = 7;
    for (let i = 0; i < n; i += 1) {
      const res = await c.get(i % 2 === 0 ? `/people/${id}` : `/api/v1/people/${id}`);
      expect(res.statusCode).toBe(200);
    }
    expect((await auditCount(h, 'person.read', 'success')) - before).toBe(n);
    const last = await h.db.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'person.read')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(last.subject_ids).toEqual([id]);
    expect(last.purpose).toBe('safeguarding');
    expect(last.actor_role).toBe('coordinator');
    expect(last.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(last.occurred_at.toISOString()).toBe(h.clock.now().toISOString());
  });

  it('records a denial as an audit event', async () => {
    const dsl = await signIn(h, 'dsl@northmoor.example');
    const before = await auditCount(h, 'person.read', 'denied');
    await dsl.get(`/people/${await personId(h, 'Whitlow')}`);
    expect((await auditCount(h, 'person.read', 'denied')) - before).toBe(1);
  });

  it('lets a practitioner break glass with a reason, for a limited time, into the owner’s review queue', async () => {
    const dsl = await signIn(h, 'dsl@northmoor.example');
    const id = await personId(h, 'Brennan');
    expect((await dsl.get(`/people/${id}`)).statusCode).toBe(404);
    const short = await dsl.post('/break-glass', { reference: id, reason: 'urgent' });
    expect(short.statusCode).toBe(400);
    const res = await dsl.post('/break-glass', {
      reference: id,
      reason: 'Child told a teacher she is going to meet an older man tonight',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/people/${id}`);
    const page = await dsl.get(`/people/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('emergency access');
    const read = await h.db.db
      .selectFrom('audit_event')
      .select('purpose')
      .where('action', '=', 'person.read')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(read.purpose).toContain('break-glass: Child told a teacher');
    const lead = await signIn(h, 'dplead@northmoor.example');
    const queue = await lead.get('/break-glass/reviews');
    expect(queue.body).toContain('Child told a teacher');
    const grant = await h.db.db
      .selectFrom('break_glass')
      .select('id')
      .where('person_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(
      (await lead.post(`/break-glass/reviews/${grant.id}`, { outcome: 'justified', note: 'Appropriate' }))
        .statusCode,
    ).toBe(303);
    const reviewed = await h.db.db
      .selectFrom('break_glass')
      .select('review_outcome')
      .where('id', '=', grant.id)
      .executeTakeFirstOrThrow();
    expect(reviewed.review_outcome).toBe('justified');
    h.clock.advance(61 * 60_000);
    const again = await signIn(h, 'dsl@northmoor.example');
    expect((await again.get(`/people/${id}`)).statusCode).toBe(404);
  });

  it('does not open a sealed record by break-glass', async () => {
    const dsl = await signIn(h, 'dsl@northmoor.example');
    const res = await dsl.post('/break-glass', {
      reference: await personId(h, 'Ashdown'),
      reason: 'Trying to open a sealed record for a test',
    });
    expect(res.statusCode).toBe(400);
  });

  it('gives police analysts intelligence in full, coordinators the sanitised P version, and C to police only', async () => {
    const items = await h.db.db.selectFrom('intelligence').select(['id', 'handling_code']).execute();
    const p = items.find((i) => i.handling_code === 'P')!.id;
    const c = items.find((i) => i.handling_code === 'C')!.id;
    await h.db.db
      .updateTable('user_account')
      .set({ disabled_at: null })
      .where('email', '=', 'analyst@northmoor.example')
      .execute();
    const analyst = await signIn(h, 'analyst@northmoor.example');
    const coordinator = await signIn(h, 'coordinator@northmoor.example');
    expect((await analyst.get(`/api/v1/intelligence/${c}`)).json<{ version: string }>().version).toBe('full');
    const sanitised = (await coordinator.get(`/api/v1/intelligence/${p}`)).json<{
      version: string;
      text: string;
    }>();
    expect(sanitised.version).toBe('sanitised');
    expect(sanitised.text).toContain('near a children’s home');
    expect((await coordinator.get(`/api/v1/intelligence/${c}`)).statusCode).toBe(404);
  });

  it('verifies the chain, then detects a planted edit and a deletion, saying where', async () => {
    expect((await verifyAuditChain(h.db.db)).ok).toBe(true);
    const target = await h.db.db
      .selectFrom('audit_event')
      .select('seq')
      .where('action', '=', 'person.read')
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    await h.db.db
      .updateTable('audit_event')
      .set({ purpose: 'nothing to see' })
      .where('seq', '=', target.seq)
      .execute();
    const edited = await verifyAuditChain(h.db.db);
    expect(edited.ok).toBe(false);
    expect(edited.problems).toContainEqual(expect.objectContaining({ kind: 'changed', seq: target.seq }));
    await sql`delete from audit_event where seq = ${target.seq}`.execute(h.db.db);
    const deleted = await verifyAuditChain(h.db.db);
    expect(deleted.problems).toContainEqual(expect.objectContaining({ kind: 'broken_link' }));
    const last = await h.db.db
      .selectFrom('audit_event')
      .select('seq')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    await sql`delete from audit_event where seq = ${last.seq}`.execute(h.db.db);
    const tail = await verifyAuditChain(h.db.db);
    expect(tail.problems).toContainEqual(expect.objectContaining({ kind: 'head_mismatch' }));
  });

  it('fails the request, and keeps no trace of the work, when the audit write fails', async () => {
    const c = await signIn(h, 'coordinator@northmoor.example');
    const id = await personId(h, 'Osei');
    await sql`alter table audit_event add constraint audit_broken check (action <> 'person.read') not valid`.execute(
      h.db.db,
    );
    try {
      const page = await c.get(`/people/${id}`);
      expect(page.statusCode).toBe(500);
      expect(page.body).not.toContain('Osei');
      const api = await c.get(`/api/v1/people/${id}`);
      expect(api.statusCode).toBe(500);
      expect(api.body).not.toContain('Osei');
    } finally {
      await sql`alter table audit_event drop constraint audit_broken`.execute(h.db.db);
    }
  });
});
