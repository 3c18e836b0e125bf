import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditCount,
  cookieFrom,
  cookieHeader,
  csrfIn,
  signIn,
  startHarness,
  type Client,
  type Harness,
} from '../access/testing/harness.ts';
import { toSafeCsv } from './export-csv.ts';
import { seedNetwork, type SeededNetwork } from './testing/seed-network.ts';

let h: Harness;
let analyst: Client;
let dsl: Client;
let board: Client;
let coordinator: Client;
let seeded: SeededNetwork;

beforeAll(async () => {
  h = await startHarness({ demoMode: true });
  const police = await h.db.db
    .selectFrom('agency')
    .select('id')
    .where('partnership_id', '=', h.partnershipId)
    .where('kind', '=', 'police')
    .executeTakeFirstOrThrow();
  seeded = await seedNetwork(h.db.db, h.partnershipId, police.id, { groups: 2 });
  analyst = await signIn(h, 'analyst@northmoor.example');
  dsl = await signIn(h, 'dsl@northmoor.example');
  board = await signIn(h, 'board@northmoor.example');
  coordinator = await signIn(h, 'coordinator@northmoor.example');
}, 60_000);
afterAll(() => h.close());

const postJson = (c: Client | null, url: string, body: unknown) =>
  h.app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/json',
      ...(c === null ? {} : { ...cookieHeader({ sightline_session: c.cookie }), 'x-csrf-token': c.csrf }),
    },
    payload: JSON.stringify(body),
  });

describe('network routes', () => {
  it('asks for sign-in first: 401 from the API, a redirect from pages', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/network/groups' })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/network' })).statusCode).toBe(303);
  });

  it('answers 404 to roles that read no person, and for a person the viewer may not see', async () => {
    expect((await board.get('/network')).statusCode).toBe(404);
    expect((await board.get('/api/v1/network/hotspots')).statusCode).toBe(404);
    const child = seeded.groups[0]!.children[0]!;
    expect((await dsl.get(`/api/v1/network/chart?type=person&id=${child}`)).statusCode).toBe(404);
    expect(
      (await analyst.get(`/api/v1/network/chart?type=person&id=${crypto.randomUUID()}`)).statusCode,
    ).toBe(404);
    expect((await analyst.get(`/network/places/${crypto.randomUUID()}`)).statusCode).toBe(404);
  });

  it('checks sign-in, then the policy, before the input: a malformed request is 401, 303 or 404 first', async () => {
    const anonApi = await h.app.inject({ method: 'GET', url: '/api/v1/network/chart?type=planet' });
    expect(anonApi.statusCode).toBe(401);
    const anonPage = await h.app.inject({ method: 'GET', url: '/network/chart?type=planet' });
    expect(anonPage.statusCode).toBe(303);
    expect(String(anonPage.headers.location)).toMatch(/^\/sign-in/);
    const denied = await auditCount(h, 'network.chart', 'denied');
    expect((await board.get('/api/v1/network/chart?type=planet')).statusCode).toBe(404);
    expect((await board.get('/network/chart')).statusCode).toBe(404);
    expect(await auditCount(h, 'network.chart', 'denied')).toBe(denied + 2);
  });

  it('answers 400 to a malformed chart request', async () => {
    expect((await analyst.get('/api/v1/network/chart?type=planet&id=x')).statusCode).toBe(400);
    expect((await analyst.get('/api/v1/network/chart?type=person&id=x&hops=9')).statusCode).toBe(400);
  });

  it('shows a police analyst the possible groups, and shows a school nothing it may not see', async () => {
    const groups = (await analyst.get('/api/v1/network/groups')).json<{
      groups: { adults: { id: string }[] }[];
    }>();
    expect(groups.groups).toHaveLength(2);
    expect(new Set(groups.groups[0]!.adults.map((a) => a.id))).toEqual(
      new Set(seeded.groups.find((g) => g.adults.includes(groups.groups[0]!.adults[0]!.id))!.adults),
    );
    const theirs = (await dsl.get('/api/v1/network/groups')).json<{ groups: unknown[] }>();
    expect(theirs.groups).toEqual([]);
    const page = await analyst.get('/network');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Possible group 1');
  });

  it('serves a link chart as JSON and as a page with the table twin', async () => {
    const adult = seeded.groups[0]!.adults[0]!;
    const json = (await analyst.get(`/api/v1/network/chart?type=person&id=${adult}`)).json<{
      nodes: { id: string; x: number }[];
      edges: unknown[];
    }>();
    expect(json.nodes[0]!.id).toBe(adult);
    expect(json.nodes.map((n) => n.id)).toContain(seeded.groups[0]!.place);
    expect(json.edges.length).toBeGreaterThan(0);
    const page = await analyst.get(`/network/chart?type=person&id=${adult}`);
    expect(page.body).toContain('Links and their evidence');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)/); // no inline script
  });

  it('shows a place page and a hotspot map with its server-drawn SVG', async () => {
    const place = await analyst.get(`/network/places/${seeded.places[0]!}`);
    expect(place.statusCode).toBe(200);
    expect(place.body).toContain('Records at this place');
    const map = await analyst.get('/network/hotspots');
    expect(map.body).toContain('<svg');
    expect(map.body).toContain('Calverdine');
    // A coordinator sees every child (so the places they were recorded at), but not the police's adults.
    const points = (await coordinator.get('/api/v1/network/hotspots')).json<{ places: unknown[] }>();
    expect(points.places.length).toBeGreaterThan(0);
    expect((await coordinator.get('/api/v1/network/groups')).json<{ groups: unknown[] }>().groups).toEqual(
      [],
    );
    const adult = seeded.groups[0]!.adults[0]!;
    expect((await coordinator.get(`/api/v1/network/chart?type=person&id=${adult}`)).statusCode).toBe(404);
  });

  it('serves cytoscape and Leaflet locally, and nothing else from node_modules', async () => {
    const js = await h.app.inject({ method: 'GET', url: '/network/assets/cytoscape.min.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect((await h.app.inject({ method: 'GET', url: '/network/assets/leaflet.css' })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/network/assets/package.json' })).statusCode).toBe(404);
  });
});

describe('intelligence routes', () => {
  const item = {
    text: 'Seen with a child at the hotel.',
    grading: { scheme: '3x5x2', source: '2', assessment: 'C', handling: 'P' },
    source: { type: 'Patrol', reference: 'LOG 4411' },
  };
  it('asks for sign-in, hides recording from non-police (404), and validates the grading (400)', async () => {
    const signInPage = await h.app.inject({ method: 'GET', url: '/sign-in' });
    const anon = cookieFrom(signInPage, 'sightline_csrf')!;
    const anonymous = await h.app.inject({
      method: 'POST',
      url: '/api/v1/intelligence',
      headers: {
        'content-type': 'application/json',
        ...cookieHeader({ sightline_csrf: anon }),
        'x-csrf-token': csrfIn(signInPage.body),
      },
      payload: JSON.stringify(item),
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await postJson(coordinator, '/api/v1/intelligence', item)).statusCode).toBe(404);
    const bad = await postJson(analyst, '/api/v1/intelligence', {
      ...item,
      grading: { ...item.grading, handling: 'C' },
    });
    expect(bad.statusCode).toBe(400);
    expect((await analyst.get(`/intelligence/${crypto.randomUUID()}`)).statusCode).toBe(404);
  });
  it('records an item that police see in full and a coordinator sees sanitised', async () => {
    const res = await postJson(analyst, '/api/v1/intelligence', item);
    expect(res.statusCode).toBe(201);
    const { id } = res.json<{ id: string }>();
    expect((await analyst.get(`/intelligence/${id}`)).body).toContain('Patrol');
    const shared = await coordinator.get(`/intelligence/${id}`);
    expect(shared.statusCode).toBe(200);
    expect(shared.body).toContain('sanitised');
    expect(shared.body).not.toContain('Patrol');
    expect((await dsl.get(`/intelligence/${id}`)).statusCode).toBe(404);
  });
});

describe('CSV export', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    const csv = toSafeCsv(['label'], [['=HYPERLINK("x")'], ['+1'], ['-2'], ['@a'], ['\tb'], ['ok']]);
    expect(csv.split('\n').slice(1, 7)).toEqual([`"'=HYPERLINK(""x"")"`, "'+1", "'-2", "'@a", "'\tb", 'ok']);
  });
});
