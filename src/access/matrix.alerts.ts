/**
 * Authorisation matrix rows for the early-warning routes (issue 7): the alert pages and the alerts JSON
 * API, kept apart from the core rows in matrix.http.test.ts. Coordinators and practitioners (the DSL,
 * the nurse, the data-protection lead) work alerts; every other role is answered "not found". Signed-out
 * pages redirect to sign-in (303), the API answers 401 before it looks at the input. The lifecycle rows
 * use an alert that does not exist with valid input, so every signed-in role gets 404; who may change a
 * real alert is tested in alerts.http.test.ts and alerts.api.http.test.ts.
 */
export interface AlertMatrixCase {
  label: string;
  method: 'GET' | 'POST';
  url: () => string;
  form?: Record<string, string>;
  expect: Partial<Record<string, number>>;
}

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const STEPS = ['acknowledge', 'action', 'dismiss', 'snooze'] as const;
const PAGE_STEP_INPUT = {
  reason: 'a reason',
  opened: 'case',
  'until-day': '1',
  'until-month': '1',
  'until-year': '2099',
};
const API_STEP_INPUT = { reason: 'a reason', until: '2099-01-01', opened: 'case' };
const WORKERS = { coordinator: 200, dsl: 200, nurse: 200, dplead: 200 };

export const ALERTS_MATRIX: Record<string, AlertMatrixCase[]> = {
  'GET /alerts': [
    {
      label: 'alert inbox',
      method: 'GET',
      url: () => '/alerts',
      expect: { anon: 303, ...WORKERS, others: 404 },
    },
  ],
  'GET /alerts/rules': [
    {
      label: 'rules and their record (aggregate)',
      method: 'GET',
      url: () => '/alerts/rules',
      expect: { anon: 303, coordinator: 200, board: 200, others: 404 },
    },
  ],
  'GET /alerts/fairness': [
    {
      label: 'alert rates by group (aggregate)',
      method: 'GET',
      url: () => '/alerts/fairness',
      expect: { anon: 303, coordinator: 200, board: 200, others: 404 },
    },
  ],
  'GET /alerts/:id': [
    {
      label: 'no such alert',
      method: 'GET',
      url: () => `/alerts/${UNKNOWN}`,
      expect: { anon: 303, others: 404 },
    },
  ],
  ...Object.fromEntries(
    STEPS.map((step) => [
      `POST /alerts/:id/${step}`,
      [
        {
          label: `${step} an alert that does not exist (lifecycle permissions: alerts.http.test.ts)`,
          method: 'POST' as const,
          url: () => `/alerts/${UNKNOWN}/${step}`,
          form: PAGE_STEP_INPUT,
          expect: { anon: 303, others: 404 },
        },
      ],
    ]),
  ),
  'GET /api/v1/alerts': [
    {
      label: 'alert inbox as JSON',
      method: 'GET',
      url: () => '/api/v1/alerts',
      expect: { anon: 401, ...WORKERS, others: 404 },
    },
  ],
  'GET /api/v1/alerts/digest': [
    {
      label: "the day's digest",
      method: 'GET',
      url: () => '/api/v1/alerts/digest',
      expect: { anon: 401, ...WORKERS, others: 404 },
    },
  ],
  'GET /api/v1/alerts/:id': [
    {
      label: 'no such alert',
      method: 'GET',
      url: () => `/api/v1/alerts/${UNKNOWN}`,
      expect: { anon: 401, others: 404 },
    },
  ],
  ...Object.fromEntries(
    STEPS.map((step) => [
      `POST /api/v1/alerts/:id/${step}`,
      [
        {
          label: `${step} an alert that does not exist (lifecycle permissions: alerts.api.http.test.ts)`,
          method: 'POST' as const,
          url: () => `/api/v1/alerts/${UNKNOWN}/${step}`,
          form: API_STEP_INPUT,
          expect: { anon: 401, others: 404 },
        },
      ],
    ]),
  ),
};
