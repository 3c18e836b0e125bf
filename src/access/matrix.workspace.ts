/**
 * Authorisation matrix rows for the workspace, network, intelligence and case routes (issues 8 and 9),
 * kept apart from the core rows in matrix.http.test.ts. Each row was checked against the policy: signed-out
 * pages redirect to sign-in (303) and APIs answer 401; roles without the action, and records out of scope
 * or unknown, are 404. Routes that take input check sign-in, then the policy, then the input: a signed-out
 * malformed request gets 303 or 401, a role without the action 404, and only then is bad input 400.
 */
export interface MatrixCase {
  label: string;
  method: 'GET' | 'POST';
  url: (ids: { child1: string }) => string;
  expect: Partial<Record<string, number>>;
}

const UNKNOWN = '00000000-0000-4000-8000-00000000abcd';

export const WORKSPACE_MATRIX: Record<string, MatrixCase[]> = {
  'GET /static/children/child-record.css': [
    {
      label: '/static/children/child-record.css',
      method: 'GET',
      url: () => '/static/children/child-record.css',
      expect: { others: 200 },
    },
  ],
  'GET /children/:id': [
    {
      label: '/children/:id',
      method: 'GET',
      url: (ids) => `/children/${ids.child1}`,
      expect: { anon: 303, dsl: 404, board: 404, admin: 404, auditor: 404, others: 200 },
    },
  ],
  'GET /api/v1/children/:id': [
    {
      label: '/api/v1/children/:id',
      method: 'GET',
      url: (ids) => `/api/v1/children/${ids.child1}`,
      expect: { anon: 401, dsl: 404, board: 404, admin: 404, auditor: 404, others: 200 },
    },
  ],
  'GET /concerns/new': [
    {
      label: '/concerns/new',
      method: 'GET',
      url: () => '/concerns/new',
      expect: { anon: 303, board: 404, admin: 404, auditor: 404, others: 200 },
    },
  ],
  'POST /concerns': [
    {
      label: '/concerns',
      method: 'POST',
      url: () => '/concerns',
      expect: { anon: 303, board: 404, admin: 404, auditor: 404, others: 400 },
    },
  ],
  'GET /concerns/mine': [
    {
      label: '/concerns/mine',
      method: 'GET',
      url: () => '/concerns/mine',
      expect: { anon: 303, board: 404, admin: 404, auditor: 404, others: 200 },
    },
  ],
  'GET /children/:id/screenings/new': [
    {
      label: '/children/:id/screenings/new',
      method: 'GET',
      url: (ids) => `/children/${ids.child1}/screenings/new`,
      expect: { anon: 303, coordinator: 200, others: 404 },
    },
  ],
  'POST /children/:id/screenings': [
    {
      label: '/children/:id/screenings',
      method: 'POST',
      url: (ids) => `/children/${ids.child1}/screenings`,
      expect: { anon: 303, coordinator: 200, others: 404 },
    },
  ],
  'GET /screenings/overdue': [
    {
      label: '/screenings/overdue',
      method: 'GET',
      url: () => '/screenings/overdue',
      expect: { anon: 303, coordinator: 200, others: 404 },
    },
  ],
  'GET /intelligence': [
    { label: '/intelligence', method: 'GET', url: () => '/intelligence', expect: { anon: 303, others: 200 } },
  ],
  'GET /intelligence/:id': [
    {
      label: '/intelligence/:id (unknown id)',
      method: 'GET',
      url: () => `/intelligence/${UNKNOWN}`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'GET /api/v1/intelligence': [
    {
      label: '/api/v1/intelligence',
      method: 'GET',
      url: () => '/api/v1/intelligence',
      expect: { anon: 401, others: 200 },
    },
  ],
  'POST /api/v1/intelligence': [
    {
      label: '/api/v1/intelligence (empty body)',
      method: 'POST',
      url: () => '/api/v1/intelligence',
      expect: { anon: 401, analyst: 400, others: 404 },
    },
  ],
  'GET /intelligence/new': [
    {
      label: 'record intelligence form',
      method: 'GET',
      url: () => '/intelligence/new',
      expect: { anon: 303, analyst: 200, others: 404 },
    },
  ],
  'POST /intelligence/new': [
    {
      label: 'record intelligence, nothing answered (the journey: intelligence.form.http.test.ts)',
      method: 'POST',
      url: () => '/intelligence/new',
      expect: { anon: 303, analyst: 400, others: 404 },
    },
  ],
  'GET /network/assets/:file': [
    {
      label: 'cytoscape, served locally',
      method: 'GET',
      url: () => '/network/assets/cytoscape.min.js',
      expect: { others: 200 },
    },
  ],
  'GET /network': [
    {
      label: '/network',
      method: 'GET',
      url: () => '/network',
      expect: { anon: 303, board: 404, admin: 404, auditor: 404, others: 200 },
    },
  ],
  'GET /network/chart': [
    {
      label: '/network/chart (no focus)',
      method: 'GET',
      url: () => '/network/chart',
      expect: { anon: 303, board: 404, admin: 404, auditor: 404, others: 400 },
    },
    {
      label: '/network/chart around a child (police and health involved)',
      method: 'GET',
      url: (ids) => `/network/chart?type=person&id=${ids.child1}`,
      expect: { anon: 303, coordinator: 200, nurse: 200, analyst: 200, dplead: 200, others: 404 },
    },
  ],
  'GET /network/places/:id': [
    {
      label: '/network/places/:id (unknown id)',
      method: 'GET',
      url: () => `/network/places/${UNKNOWN}`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'GET /network/hotspots': [
    {
      label: '/network/hotspots',
      method: 'GET',
      url: () => '/network/hotspots',
      expect: { anon: 303, board: 404, admin: 404, auditor: 404, others: 200 },
    },
  ],
  'GET /api/v1/network/groups': [
    {
      label: '/api/v1/network/groups',
      method: 'GET',
      url: () => '/api/v1/network/groups',
      expect: { anon: 401, board: 404, admin: 404, auditor: 404, others: 200 },
    },
  ],
  'GET /api/v1/network/chart': [
    {
      label: '/api/v1/network/chart (no focus)',
      method: 'GET',
      url: () => '/api/v1/network/chart',
      expect: { anon: 401, board: 404, admin: 404, auditor: 404, others: 400 },
    },
    {
      label: '/api/v1/network/chart around a child (police and health involved)',
      method: 'GET',
      url: (ids) => `/api/v1/network/chart?type=person&id=${ids.child1}`,
      expect: { anon: 401, coordinator: 200, nurse: 200, analyst: 200, dplead: 200, others: 404 },
    },
  ],
  'GET /api/v1/network/hotspots': [
    {
      label: '/api/v1/network/hotspots',
      method: 'GET',
      url: () => '/api/v1/network/hotspots',
      expect: { anon: 401, board: 404, admin: 404, auditor: 404, others: 200 },
    },
  ],
  'GET /cases': [{ label: '/cases', method: 'GET', url: () => '/cases', expect: { anon: 303, others: 200 } }],
  'GET /cases/new': [
    {
      label: '/cases/new',
      method: 'GET',
      url: () => '/cases/new',
      expect: { anon: 303, coordinator: 200, others: 404 },
    },
  ],
  'POST /cases': [
    {
      label: '/cases',
      method: 'POST',
      url: () => '/cases',
      expect: { anon: 303, coordinator: 400, others: 404 },
    },
  ],
  'GET /cases/:id': [
    {
      label: '/cases/:id (unknown id)',
      method: 'GET',
      url: () => `/cases/${UNKNOWN}`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'GET /cases/:id/close': [
    {
      label: '/cases/:id/close (unknown id)',
      method: 'GET',
      url: () => `/cases/${UNKNOWN}/close`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'POST /cases/:id/close': [
    {
      label: '/cases/:id/close (unknown id)',
      method: 'POST',
      url: () => `/cases/${UNKNOWN}/close`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'GET /api/v1/cases': [
    { label: '/api/v1/cases', method: 'GET', url: () => '/api/v1/cases', expect: { anon: 401, others: 200 } },
  ],
  'GET /api/v1/cases/:id': [
    {
      label: '/api/v1/cases/:id (unknown id)',
      method: 'GET',
      url: () => `/api/v1/cases/${UNKNOWN}`,
      expect: { anon: 401, others: 404 },
    },
  ],
  'GET /meetings': [
    { label: '/meetings', method: 'GET', url: () => '/meetings', expect: { anon: 303, others: 200 } },
  ],
  'GET /meetings/new': [
    {
      label: '/meetings/new',
      method: 'GET',
      url: () => '/meetings/new',
      expect: { anon: 303, coordinator: 200, others: 404 },
    },
  ],
  'POST /meetings': [
    {
      label: '/meetings',
      method: 'POST',
      url: () => '/meetings',
      expect: { anon: 303, coordinator: 400, others: 404 },
    },
  ],
  'GET /meetings/:id': [
    {
      label: '/meetings/:id (unknown id)',
      method: 'GET',
      url: () => `/meetings/${UNKNOWN}`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'GET /meetings/:id/attendance': [
    {
      label: '/meetings/:id/attendance (unknown id)',
      method: 'GET',
      url: () => `/meetings/${UNKNOWN}/attendance`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'POST /meetings/:id/attendance': [
    {
      label: '/meetings/:id/attendance (unknown id)',
      method: 'POST',
      url: () => `/meetings/${UNKNOWN}/attendance`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'GET /meetings/:id/minutes': [
    {
      label: '/meetings/:id/minutes (unknown id)',
      method: 'GET',
      url: () => `/meetings/${UNKNOWN}/minutes`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'POST /meetings/:id/minutes': [
    {
      label: '/meetings/:id/minutes (unknown id)',
      method: 'POST',
      url: () => `/meetings/${UNKNOWN}/minutes`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'GET /meetings/:id/decisions': [
    {
      label: '/meetings/:id/decisions (unknown id)',
      method: 'GET',
      url: () => `/meetings/${UNKNOWN}/decisions`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'POST /meetings/:id/decisions': [
    {
      label: '/meetings/:id/decisions (unknown id)',
      method: 'POST',
      url: () => `/meetings/${UNKNOWN}/decisions`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'GET /meetings/:id/actions': [
    {
      label: '/meetings/:id/actions (unknown id)',
      method: 'GET',
      url: () => `/meetings/${UNKNOWN}/actions`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'POST /meetings/:id/actions': [
    {
      label: '/meetings/:id/actions (unknown id)',
      method: 'POST',
      url: () => `/meetings/${UNKNOWN}/actions`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'GET /actions': [
    { label: '/actions', method: 'GET', url: () => '/actions', expect: { anon: 303, others: 200 } },
  ],
  'POST /actions/escalate': [
    {
      label: '/actions/escalate',
      method: 'POST',
      url: () => '/actions/escalate',
      expect: { anon: 303, coordinator: 303, others: 404 },
    },
  ],
  'POST /actions/:id/status': [
    {
      label: '/actions/:id/status (unknown id)',
      method: 'POST',
      url: () => `/actions/${UNKNOWN}/status`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'GET /api/v1/meetings/:id': [
    {
      label: '/api/v1/meetings/:id (unknown id)',
      method: 'GET',
      url: () => `/api/v1/meetings/${UNKNOWN}`,
      expect: { anon: 401, others: 404 },
    },
  ],
  'GET /api/v1/actions/overdue': [
    {
      label: '/api/v1/actions/overdue',
      method: 'GET',
      url: () => '/api/v1/actions/overdue',
      expect: { anon: 401, others: 200 },
    },
  ],
  'GET /support': [
    { label: '/support', method: 'GET', url: () => '/support', expect: { anon: 303, others: 200 } },
  ],
  'GET /support/:id': [
    {
      label: '/support/:id (unknown id)',
      method: 'GET',
      url: () => `/support/${UNKNOWN}`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'GET /support/:id/plan': [
    {
      label: '/support/:id/plan (unknown id)',
      method: 'GET',
      url: () => `/support/${UNKNOWN}/plan`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'POST /support/:id/plan': [
    {
      label: '/support/:id/plan (unknown id)',
      method: 'POST',
      url: () => `/support/${UNKNOWN}/plan`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'GET /support/:id/services': [
    {
      label: '/support/:id/services (unknown id)',
      method: 'GET',
      url: () => `/support/${UNKNOWN}/services`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'POST /support/:id/services': [
    {
      label: '/support/:id/services (unknown id)',
      method: 'POST',
      url: () => `/support/${UNKNOWN}/services`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'GET /support/:id/contacts': [
    {
      label: '/support/:id/contacts (unknown id)',
      method: 'GET',
      url: () => `/support/${UNKNOWN}/contacts`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'POST /support/:id/contacts': [
    {
      label: '/support/:id/contacts (unknown id)',
      method: 'POST',
      url: () => `/support/${UNKNOWN}/contacts`,
      expect: { anon: 303, others: 404 },
    },
  ],
};
