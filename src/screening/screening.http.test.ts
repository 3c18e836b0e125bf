import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditCount,
  personId,
  signIn,
  startHarness,
  type Client,
  type Harness,
} from '../access/testing/harness.ts';
import { withScreeningTables } from './screening.tables.ts';

describe('screening: /children/:id/screenings and /screenings/overdue', () => {
  let h: Harness;
  let coordinator: Client;
  let dsl: Client;
  let osei: string;
  let whitlow: string;
  // Osei (16): one vulnerability and a moderate indicator this month score 4, which is low.
  const answers = {
    vulnerabilities: 'v_education',
    'item-m_gifts': 'within_3_months',
    characteristics: 'learning_disability',
  };

  beforeAll(async () => {
    h = await startHarness();
    [coordinator, dsl] = await Promise.all([
      signIn(h, 'coordinator@northmoor.example'),
      signIn(h, 'dsl@northmoor.example'),
    ]);
    osei = await personId(h, 'Osei');
    whitlow = await personId(h, 'Whitlow');
  });
  afterAll(() => h.close());

  it('sends a visitor who is not signed in to sign in', async () => {
    expect((await h.app.inject({ url: `/children/${osei}/screenings/new` })).statusCode).toBe(303);
    expect((await h.app.inject({ url: '/screenings/overdue' })).statusCode).toBe(303);
  });

  it('answers 404 to a practitioner, and to a coordinator for an adult', async () => {
    expect((await dsl.get(`/children/${osei}/screenings/new`)).statusCode).toBe(404);
    expect((await dsl.get('/screenings/overdue')).statusCode).toBe(404);
    expect((await coordinator.get(`/children/${whitlow}/screenings/new`)).statusCode).toBe(404);
    expect((await coordinator.post(`/children/${whitlow}/screenings`, { intent: 'save' })).statusCode).toBe(
      404,
    );
  });

  it('answers 400 to an answer that is not on the form', async () => {
    const res = await coordinator.post(`/children/${osei}/screenings`, {
      'item-m_gifts': 'yesterday',
      intent: 'save',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Select when this was last seen');
  });

  it('renders the instrument and calculates score, band and the learning-disability override on the server', async () => {
    const form = await coordinator.get(`/children/${osei}/screenings/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Significant indicators');
    const res = await coordinator.post(`/children/${osei}/screenings`, { ...answers, intent: 'calculate' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(
      /The tool's level is <strong class="govuk-tag govuk-tag--yellow">Medium<\/strong>/,
    );
    expect(res.body).toContain('(score 4)');
    expect(res.body).toContain('No child under 13 or with a learning disability is rated low');
  });

  it('requires a rationale when judgement differs and refuses a judgement below an override', async () => {
    const noReason = await coordinator.post(`/children/${osei}/screenings`, {
      ...answers,
      judgement: 'high',
      intent: 'save',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Explain why your judgement differs');
    const below = await coordinator.post(`/children/${osei}/screenings`, {
      ...answers,
      judgement: 'low',
      rationale: 'She has told staff she feels safe now and has stopped going out.',
      intent: 'save',
    });
    expect(below.statusCode).toBe(400);
    expect(below.body).toContain('Your judgement cannot be below medium');
  });

  it('saves a screening with history, shows it on the child record and escalates an overdue review', async () => {
    const audits = await auditCount(h, 'screening.record');
    const saved = await coordinator.post(`/children/${osei}/screenings`, {
      ...answers,
      judgement: 'high',
      rationale: 'Police report she was seen in a car with adults of concern last weekend.',
      intent: 'save',
    });
    expect(saved.statusCode).toBe(303);
    expect(await auditCount(h, 'screening.record')).toBe(audits + 1);
    const rows = await withScreeningTables(h.db.db)
      .selectFrom('screening')
      .selectAll()
      .where('person_id', '=', osei)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      score: 4,
      computed_level: 'low',
      final_level: 'high',
      review_due: '2026-12-02',
    });
    const concern = await h.db.db
      .selectFrom('concern')
      .select('status')
      .where('person_id', '=', osei)
      .executeTakeFirstOrThrow();
    expect(concern.status).toBe('screening');

    const record = await coordinator.get(`/api/v1/children/${osei}`);
    const body = record.json<{
      risk: { current: { finalLevel: string } | null; review: { overdue: boolean } };
    }>();
    expect(body.risk.current?.finalLevel).toBe('high');
    expect(body.risk.review.overdue).toBe(false);

    // A review date 18 days ago (moving the clock would end the session instead).
    await withScreeningTables(h.db.db)
      .updateTable('screening')
      .set({ review_due: '2026-10-15' })
      .where('person_id', '=', osei)
      .execute();
    const overdue = await coordinator.get('/screenings/overdue');
    expect(overdue.statusCode).toBe(200);
    expect(overdue.body).toContain('Kayden Osei');
    expect(overdue.body).toMatch(/>\s*18\s*</);
    const page = await coordinator.get(`/children/${osei}`);
    expect(page.body).toContain('18 days overdue');
  });
});
