/**
 * Test harness for access tests: the whole app over a fresh test database with the demo partnership,
 * log lines captured, and helpers to sign in as a demo user (demo mode) or with password and TOTP.
 */
import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.ts';
import { DEMO_PASSWORD, loadDemoPartnership } from '../../demo/index.ts';
import { fixedClock } from '../../platform/clock/clock.ts';
import { loadConfig } from '../../platform/config/config.ts';
import type { App } from '../../platform/http/app.ts';
import { createLogger } from '../../platform/logging/logger.ts';
import { buildApp } from '../../server.ts';

export interface Harness {
  app: App;
  db: TestDatabase;
  clock: ReturnType<typeof fixedClock>;
  logLines: string[];
  partnershipId: string;
  close(): Promise<void>;
}

export interface Client {
  cookie: string;
  csrf: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, form: Record<string, string | string[]>): Promise<LightMyRequestResponse>;
}

/** @example const h = await startHarness({ demoMode: true }); */
export async function startHarness(
  options: { demoMode?: boolean; env?: Record<string, string> } = {},
): Promise<Harness> {
  const db = await createTestDatabase();
  const summary = await loadDemoPartnership(db.db);
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const clock = fixedClock('2026-11-02T09:00:00.000Z');
  const app = await buildApp({
    config: loadConfig({
      NODE_ENV: 'test',
      SIGHTLINE_DEMO_MODE: String(options.demoMode ?? true),
      ...options.env,
    }),
    database: db,
    logger: createLogger({ level: 'info', destination: sink }),
    clock,
  });
  return {
    app,
    db,
    clock,
    logLines,
    partnershipId: summary.partnershipId,
    close: async () => {
      await app.close();
      await db.dispose();
    },
  };
}

/** A cookie set by a response (parsed by hand: light-my-request's cookie helpers need a newer `cookie`). */
export function cookieFrom(res: LightMyRequestResponse, name: string): string | undefined {
  const raw = res.headers['set-cookie'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  for (const line of list) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    if (pair!.slice(0, eq) === name) return pair!.slice(eq + 1);
  }
  return undefined;
}

/** A Cookie request header. */
export function cookieHeader(cookies: Record<string, string>): { cookie: string } {
  return {
    cookie: Object.entries(cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; '),
  };
}

/** Encodes a form body (arrays repeat the key). */
export function formBody(form: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
  return params.toString();
}

/** The CSRF token in a rendered page. */
export function csrfIn(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (m === null) throw new Error('no CSRF token on the page');
  return m[1]!;
}

function client(app: App, cookie: string, csrf: string): Client {
  return {
    cookie,
    csrf,
    get: (url) => app.inject({ method: 'GET', url, headers: cookieHeader({ sightline_session: cookie }) }),
    post: (url, form) =>
      app.inject({
        method: 'POST',
        url,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...cookieHeader({ sightline_session: cookie }),
        },
        payload: formBody({ _csrf: csrf, ...form }),
      }),
  };
}

/**
 * Signs in through the real pages. In demo mode the demo password suffices; otherwise `totp` supplies
 * the current code for the account's secret.
 *
 * @example
 * const coordinator = await signIn(h, 'coordinator@northmoor.example');
 */
export async function signIn(
  h: Harness,
  email: string,
  options: { password?: string; totp?: () => Promise<string> } = {},
): Promise<Client> {
  const page = await h.app.inject({ method: 'GET', url: '/sign-in' });
  const anon = cookieFrom(page, 'sightline_csrf')!;
  const token = csrfIn(page.body);
  const res = await h.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...cookieHeader({ sightline_csrf: anon }),
    },
    payload: formBody({ _csrf: token, email, password: options.password ?? DEMO_PASSWORD }),
  });
  if (res.statusCode !== 303) throw new Error(`sign-in failed with ${res.statusCode}`);
  let cookie = cookieFrom(res, 'sightline_session')!;
  const location = String(res.headers.location);
  if (location === '/sign-in/code' || location === '/sign-in/enrol') {
    const codePage = await h.app.inject({
      method: 'GET',
      url: location,
      headers: cookieHeader({ sightline_session: cookie }),
    });
    const code = await options.totp!();
    const done = await h.app.inject({
      method: 'POST',
      url: location,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...cookieHeader({ sightline_session: cookie }),
      },
      payload: formBody({ _csrf: csrfIn(codePage.body), code }),
    });
    if (done.statusCode !== 303) throw new Error(`second factor failed with ${done.statusCode}`);
    cookie = cookieFrom(done, 'sightline_session')!;
  }
  const home = await h.app.inject({
    method: 'GET',
    url: '/',
    headers: cookieHeader({ sightline_session: cookie }),
  });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(home.body)?.[1] ?? '';
  return client(h.app, cookie, csrf);
}

/** The id of a demo person by family name. */
export async function personId(h: Harness, familyName: string): Promise<string> {
  const row = await h.db.db
    .selectFrom('person')
    .select('id')
    .where('family_name', '=', familyName)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Counts audit events, optionally of one action. */
export async function auditCount(h: Harness, action?: string, outcome?: string): Promise<number> {
  let q = h.db.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n'));
  if (action !== undefined) q = q.where('action', '=', action);
  if (outcome !== undefined) q = q.where('outcome', '=', outcome as 'success');
  return Number((await q.executeTakeFirstOrThrow()).n);
}
