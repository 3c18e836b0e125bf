/**
 * The authorisation matrix: every route the app serves, for every role (a demo user each), own agency vs
 * another agency, sealed vs open, intelligence P vs C. The guard test fails when a route exists that the
 * matrix does not cover, and the CLI guard fails when a command is not classified.
 */
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../cli/program.ts';
import { createUser } from './accounts/accounts.service.ts';
import { runWithContext } from './context/request-context.ts';
import { ALERTS_MATRIX } from './matrix.alerts.ts';
import { WORKSPACE_MATRIX } from './matrix.workspace.ts';
import { IDENTITY_MATRIX } from './matrix.identity.ts';
import {
  cookieFrom,
  cookieHeader,
  csrfIn,
  formBody,
  personId,
  signIn,
  startHarness,
  type Client,
  type Harness,
} from './testing/harness.ts';

const WHO = [
  'anon',
  'coordinator',
  'dsl',
  'nurse',
  'analyst',
  'board',
  'admin',
  'auditor',
  'dplead',
] as const;
type Who = (typeof WHO)[number];
type Expect = Partial<Record<Who | 'others', number>>;

interface Case {
  label: string;
  method: 'GET' | 'POST';
  url: (ids: Ids) => string;
  form?: Record<string, string>;
  expect: Expect;
}
interface Ids {
  child1: string; // police + health involved, open
  child2: string; // schools involved (concern raised by the DSL)
  child4: string; // no agency involved
  sealed: string; // sealed, coordinator named
  adult: string; // police involved
  intelP: string;
  intelC: string;
  victim: string; // a user for the admin to disable
}

const PUBLIC: Expect = { others: 200 };
const SIGNED_IN_PAGE = (e: Expect): Expect => ({ anon: 303, ...e });
const SIGNED_IN_API = (e: Expect): Expect => ({ anon: 401, ...e });
const READERS = { coordinator: 200, dsl: 200, nurse: 200, analyst: 200, dplead: 200, others: 404 };

const person = (seen: Partial<Record<Who, number>>, api = false): Expect =>
  api ? SIGNED_IN_API({ others: 404, ...seen }) : SIGNED_IN_PAGE({ others: 404, ...seen });

export const MATRIX: Record<string, Case[]> = {
  'GET /': [{ label: 'start page', method: 'GET', url: () => '/', expect: PUBLIC }],
  'GET /health': [{ label: 'health', method: 'GET', url: () => '/health', expect: PUBLIC }],
  'GET /accessibility': [
    { label: 'accessibility', method: 'GET', url: () => '/accessibility', expect: PUBLIC },
  ],
  'GET /privacy': [{ label: 'privacy', method: 'GET', url: () => '/privacy', expect: PUBLIC }],
  'GET /api/v1/openapi.json': [
    { label: 'openapi', method: 'GET', url: () => '/api/v1/openapi.json', expect: PUBLIC },
  ],
  'GET /assets/govuk/*': [
    { label: 'govuk css', method: 'GET', url: () => '/assets/govuk/govuk-frontend.min.css', expect: PUBLIC },
  ],
  'GET /assets/*': [
    { label: 'govuk image', method: 'GET', url: () => '/assets/images/favicon.svg', expect: PUBLIC },
  ],
  'GET /assets/moj/*': [
    { label: 'moj css', method: 'GET', url: () => '/assets/moj/moj-frontend.min.css', expect: PUBLIC },
  ],
  'GET /static/*': [
    { label: 'app css', method: 'GET', url: () => '/static/application.css', expect: PUBLIC },
  ],
  'GET /sign-in': [
    { label: 'sign-in page', method: 'GET', url: () => '/sign-in', expect: { anon: 200, others: 303 } },
  ],
  'POST /sign-in': [
    {
      label: 'wrong password',
      method: 'POST',
      url: () => '/sign-in',
      form: { password: 'not the password at all' },
      expect: { others: 401 },
    },
  ],
  'GET /sign-in/code': [
    {
      label: 'code page without a partial session',
      method: 'GET',
      url: () => '/sign-in/code',
      expect: { others: 303 },
    },
  ],
  'POST /sign-in/code': [
    {
      label: 'code without a partial session',
      method: 'POST',
      url: () => '/sign-in/code',
      form: { code: '123456' },
      expect: { others: 303 },
    },
  ],
  'GET /sign-in/enrol': [
    {
      label: 'enrol page without a partial session',
      method: 'GET',
      url: () => '/sign-in/enrol',
      expect: { others: 303 },
    },
  ],
  'POST /sign-in/enrol': [
    {
      label: 'enrol without a partial session',
      method: 'POST',
      url: () => '/sign-in/enrol',
      form: { code: '123456' },
      expect: { others: 303 },
    },
  ],
  'GET /signed-out': [
    { label: 'signed-out page', method: 'GET', url: () => '/signed-out', expect: { anon: 200, others: 303 } },
  ],
  'GET /people': [
    { label: 'list (scoped)', method: 'GET', url: () => '/people', expect: SIGNED_IN_PAGE({ others: 200 }) },
  ],
  'GET /api/v1/people': [
    {
      label: 'list (scoped)',
      method: 'GET',
      url: () => '/api/v1/people',
      expect: SIGNED_IN_API({ others: 200 }),
    },
  ],
  'GET /people/:id': [
    {
      label: 'child, police+health agencies',
      method: 'GET',
      url: (i) => `/people/${i.child1}`,
      expect: person({ coordinator: 200, nurse: 200, analyst: 200, dplead: 200 }),
    },
    {
      label: 'child, schools agency',
      method: 'GET',
      url: (i) => `/people/${i.child2}`,
      expect: person({ coordinator: 200, dsl: 200 }),
    },
    {
      label: 'child, no agency involved',
      method: 'GET',
      url: (i) => `/people/${i.child4}`,
      expect: person({ coordinator: 200 }),
    },
    {
      label: 'sealed child (coordinator named)',
      method: 'GET',
      url: (i) => `/people/${i.sealed}`,
      expect: person({ coordinator: 200 }),
    },
    {
      label: 'adult of concern, police',
      method: 'GET',
      url: (i) => `/people/${i.adult}`,
      expect: person({ analyst: 200, dplead: 200 }),
    },
  ],
  'GET /api/v1/people/:id': [
    {
      label: 'child, police+health agencies',
      method: 'GET',
      url: (i) => `/api/v1/people/${i.child1}`,
      expect: person({ coordinator: 200, nurse: 200, analyst: 200, dplead: 200 }, true),
    },
    {
      label: 'child, schools agency',
      method: 'GET',
      url: (i) => `/api/v1/people/${i.child2}`,
      expect: person({ coordinator: 200, dsl: 200 }, true),
    },
    {
      label: 'sealed child (coordinator named)',
      method: 'GET',
      url: (i) => `/api/v1/people/${i.sealed}`,
      expect: person({ coordinator: 200 }, true),
    },
    {
      label: 'adult of concern, police',
      method: 'GET',
      url: (i) => `/api/v1/people/${i.adult}`,
      expect: person({ analyst: 200, dplead: 200 }, true),
    },
  ],
  'GET /api/v1/intelligence/:id': [
    {
      label: 'handling code P',
      method: 'GET',
      url: (i) => `/api/v1/intelligence/${i.intelP}`,
      expect: SIGNED_IN_API({ analyst: 200, coordinator: 200, others: 404 }),
    },
    {
      label: 'handling code C',
      method: 'GET',
      url: (i) => `/api/v1/intelligence/${i.intelC}`,
      expect: SIGNED_IN_API({ analyst: 200, others: 404 }),
    },
  ],
  'GET /api/v1/aggregates/people': [
    {
      label: 'aggregates',
      method: 'GET',
      url: () => '/api/v1/aggregates/people',
      expect: SIGNED_IN_API({ board: 200, coordinator: 200, others: 404 }),
    },
  ],
  'GET /reports/dashboard': [
    {
      label: 'dashboard',
      method: 'GET',
      url: () => '/reports/dashboard',
      expect: SIGNED_IN_PAGE({ board: 200, coordinator: 200, others: 404 }),
    },
  ],
  'GET /reports/return': [
    {
      label: 'CSE return',
      method: 'GET',
      url: () => '/reports/return',
      expect: SIGNED_IN_PAGE({ board: 200, coordinator: 200, others: 404 }),
    },
  ],
  'GET /reports/return/download': [
    {
      label: 'CSE return CSV',
      method: 'GET',
      url: () => '/reports/return/download?format=csv',
      expect: SIGNED_IN_PAGE({ board: 200, coordinator: 200, others: 404 }),
    },
  ],
  'GET /reports/data-quality': [
    {
      label: 'data quality (a data-protection lead: its own records to fix)',
      method: 'GET',
      url: () => '/reports/data-quality',
      expect: SIGNED_IN_PAGE({ board: 200, coordinator: 200, dplead: 200, others: 404 }),
    },
  ],
  'GET /reports/extract/download': [
    {
      label: 'pseudonymised extract',
      method: 'GET',
      url: () => '/reports/extract/download',
      expect: SIGNED_IN_PAGE({ board: 200, others: 404 }),
    },
  ],
  'GET /break-glass': [
    { label: 'form', method: 'GET', url: () => '/break-glass', expect: SIGNED_IN_PAGE(READERS) },
  ],
  'POST /break-glass': [
    {
      label: 'no reason',
      method: 'POST',
      url: () => '/break-glass',
      form: { reference: '', reason: '' },
      expect: SIGNED_IN_PAGE({
        ...READERS,
        coordinator: 400,
        dsl: 400,
        nurse: 400,
        analyst: 400,
        dplead: 400,
      }),
    },
  ],
  'GET /break-glass/reviews': [
    {
      label: 'review queue',
      method: 'GET',
      url: () => '/break-glass/reviews',
      expect: SIGNED_IN_PAGE({ dplead: 200, others: 404 }),
    },
  ],
  'POST /break-glass/reviews/:id': [
    {
      label: 'no outcome',
      method: 'POST',
      url: () => '/break-glass/reviews/00000000-0000-4000-8000-000000000000',
      expect: SIGNED_IN_PAGE({ dplead: 303, others: 404 }),
    },
  ],
  'GET /admin/users': [
    {
      label: 'users',
      method: 'GET',
      url: () => '/admin/users',
      expect: SIGNED_IN_PAGE({ admin: 200, others: 404 }),
    },
  ],
  'GET /admin/users/new': [
    {
      label: 'new user form',
      method: 'GET',
      url: () => '/admin/users/new',
      expect: SIGNED_IN_PAGE({ admin: 200, others: 404 }),
    },
  ],
  'POST /admin/users': [
    {
      label: 'empty form',
      method: 'POST',
      url: () => '/admin/users',
      form: {},
      expect: SIGNED_IN_PAGE({ admin: 400, others: 404 }),
    },
  ],
  'POST /admin/users/:id/disable': [
    {
      label: 'disable a user',
      method: 'POST',
      url: (i) => `/admin/users/${i.victim}/disable`,
      expect: SIGNED_IN_PAGE({ admin: 303, others: 404 }),
    },
  ],
  'GET /audit': [
    {
      label: 'whole log',
      method: 'GET',
      url: () => '/audit',
      expect: SIGNED_IN_PAGE({ auditor: 200, others: 404 }),
    },
  ],
  'GET /audit/agency': [
    {
      label: 'agency log',
      method: 'GET',
      url: () => '/audit/agency',
      expect: SIGNED_IN_PAGE({ dplead: 200, others: 404 }),
    },
  ],
  'GET /imports': [
    {
      label: 'import batches',
      method: 'GET',
      url: () => '/imports',
      expect: SIGNED_IN_PAGE({ admin: 200, others: 404 }),
    },
  ],
  'GET /imports/new': [
    {
      label: 'upload form',
      method: 'GET',
      url: () => '/imports/new',
      expect: SIGNED_IN_PAGE({ admin: 200, others: 404 }),
    },
  ],
  'POST /imports': [
    {
      label: 'upload not sent as multipart (the upload itself: imports.http.test.ts)',
      method: 'POST',
      url: () => '/imports',
      form: {},
      expect: SIGNED_IN_PAGE({ admin: 400, others: 404 }),
    },
  ],
  'GET /imports/:id': [
    {
      label: 'no such batch',
      method: 'GET',
      url: () => '/imports/00000000-0000-4000-8000-000000000000',
      expect: SIGNED_IN_PAGE({ others: 404 }),
    },
  ],
  'GET /api/v1/imports/:id': [
    {
      label: 'no such batch',
      method: 'GET',
      url: () => '/api/v1/imports/00000000-0000-4000-8000-000000000000',
      expect: SIGNED_IN_API({ others: 404 }),
    },
  ],
  'GET /imports/:id/quarantine': [
    {
      label: 'quarantine of no such batch',
      method: 'GET',
      url: () => '/imports/00000000-0000-4000-8000-000000000000/quarantine',
      expect: SIGNED_IN_PAGE({ others: 404 }),
    },
  ],
  'POST /imports/:id/quarantine/:entryId': [
    {
      label: 'resubmit a row that does not exist',
      method: 'POST',
      url: () =>
        '/imports/00000000-0000-4000-8000-000000000000/quarantine/00000000-0000-4000-8000-000000000001',
      form: { 'value.date': '2024-09-02' },
      expect: SIGNED_IN_PAGE({ others: 404 }),
    },
  ],
  ...WORKSPACE_MATRIX,
  ...IDENTITY_MATRIX,
  ...ALERTS_MATRIX,
  // Last: it ends the session.
  'POST /sign-out': [{ label: 'sign out', method: 'POST', url: () => '/sign-out', expect: { others: 303 } }],
};

/** Every CLI command, and who may run it. All need database credentials from the environment (an operator). */
export const CLI_MATRIX: Record<string, string> = {
  serve: 'operator',
  migrate: 'operator',
  demo: 'operator',
  simulate: 'operator (writes files, no database)',
  network: 'operator (reads files)',
  link: 'operator (reads files)',
  bench: 'operator',
  import: 'operator',
  'import quarantine list': 'operator (shows quarantined rows: personal data on stdout)',
  'import quarantine resubmit': 'operator',
  evaluate: 'operator (replays history; with --live raises alerts in the database, audited as the system)',
  report: 'operator',
  'users add': 'operator; audited as the system',
  'users disable': 'operator; audited as the system',
  'users list': 'operator',
  'audit verify': 'operator',
  'actions escalate': 'operator (escalates overdue actions to agency leads; audited as the system)',
  'actions lead': 'operator (names an agency lead for escalations; audited as the system)',
};

function commandNames(cmd: Command, prefix = ''): string[] {
  return cmd.commands.flatMap((c) => {
    const name = `${prefix}${c.name()}`;
    return c.commands.length > 0 ? commandNames(c, `${name} `) : [name];
  });
}

describe('authorisation matrix', () => {
  let h: Harness;
  let ids: Ids;
  const clients = new Map<Who, Client>();

  beforeAll(async () => {
    h = await startHarness({
      env: { SIGHTLINE_PSEUDONYM_KEY: 'matrix-test-pseudonym-key-0123456789abcdef' },
    });
    const intel = await h.db.db.selectFrom('intelligence').select(['id', 'handling_code']).execute();
    const victim = await runWithContext(
      { requestId: 't', actor: undefined, purpose: 'administration', channel: 'cli' },
      () =>
        createUser(h.db.db, h.clock, h.partnershipId, {
          email: 'victim@northmoor.example',
          displayName: 'Victim',
          agencyCode: 'csc',
          roles: ['auditor'],
          password: 'a long passphrase nobody guesses',
        }),
    );
    ids = {
      child1: await personId(h, 'Hartwell'),
      child2: await personId(h, 'Osei'),
      child4: await personId(h, 'Malik-Jones'),
      sealed: await personId(h, 'Ashdown'),
      adult: await personId(h, 'Whitlow'),
      intelP: intel.find((i) => i.handling_code === 'P')!.id,
      intelC: intel.find((i) => i.handling_code === 'C')!.id,
      victim,
    };
    for (const who of WHO) {
      if (who === 'anon') {
        const page = await h.app.inject({ url: '/sign-in' });
        const anon = cookieFrom(page, 'sightline_csrf')!;
        const csrf = csrfIn(page.body);
        clients.set('anon', {
          cookie: '',
          csrf,
          get: (url) => h.app.inject({ url, headers: cookieHeader({ sightline_csrf: anon }) }),
          post: (url, form) =>
            h.app.inject({
              method: 'POST',
              url,
              headers: {
                'content-type': 'application/x-www-form-urlencoded',
                ...cookieHeader({ sightline_csrf: anon }),
              },
              payload: formBody({ _csrf: csrf, ...form }),
            }),
        });
      } else {
        clients.set(who, await signIn(h, `${who}@northmoor.example`));
      }
    }
  });
  afterAll(() => h.close());

  it('covers every route the app serves', () => {
    const routes = h.app.routeList.filter((r) => !r.startsWith('OPTIONS '));
    const missing = routes.filter((r) => !(r in MATRIX));
    expect(missing, 'add these routes to the authorisation matrix').toEqual([]);
    const stale = Object.keys(MATRIX).filter((r) => !routes.includes(r));
    expect(stale, 'these matrix entries name routes that no longer exist').toEqual([]);
  });

  it('covers every CLI command', async () => {
    const program = await buildProgram();
    const names = commandNames(program);
    expect(
      names.filter((n) => !(n in CLI_MATRIX)),
      'classify these commands in CLI_MATRIX',
    ).toEqual([]);
  });

  it('answers every route as declared, for every role', async () => {
    const failures: string[] = [];
    for (const [route, cases] of Object.entries(MATRIX)) {
      for (const c of cases) {
        for (const who of WHO) {
          const client = clients.get(who)!;
          const url = c.url(ids);
          const form =
            c.method === 'POST' && route === 'POST /sign-in'
              ? { email: `nobody-${who}@northmoor.example`, ...c.form }
              : (c.form ?? {});
          const res = c.method === 'GET' ? await client.get(url) : await client.post(url, form);
          const expected = c.expect[who] ?? c.expect.others;
          if (res.statusCode !== expected) {
            failures.push(`${route} [${c.label}] as ${who}: expected ${expected}, got ${res.statusCode}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
