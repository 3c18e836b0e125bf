/**
 * Authorisation matrix rows for identity review (issue 5 item 4), spread into MATRIX in
 * matrix.http.test.ts. Only coordinators hold identity.review; everyone else gets 404, signed-out pages
 * redirect to sign-in (303). Unknown pairs and merges are 404 for everyone; the pair, decision and
 * unlink journeys themselves are in src/identity/identity.http.test.ts.
 */
export interface IdentityMatrixCase {
  label: string;
  method: 'GET' | 'POST';
  url: (ids: { child1: string }) => string;
  form?: Record<string, string>;
  expect: Partial<Record<string, number>>;
}

const UNKNOWN = '00000000-0000-4000-8000-00000000beef';

export const IDENTITY_MATRIX: Record<string, IdentityMatrixCase[]> = {
  'GET /identity/reviews': [
    {
      label: 'the review queue',
      method: 'GET',
      url: () => '/identity/reviews',
      expect: { anon: 303, coordinator: 200, others: 404 },
    },
  ],
  'GET /identity/reviews/:id': [
    {
      label: 'no such pair',
      method: 'GET',
      url: () => `/identity/reviews/${UNKNOWN}`,
      expect: { anon: 303, others: 404 },
    },
  ],
  'POST /identity/reviews/:id': [
    {
      label: 'decide on no such pair',
      method: 'POST',
      url: () => `/identity/reviews/${UNKNOWN}`,
      form: { decision: 'reject' },
      expect: { anon: 303, others: 404 },
    },
  ],
  'GET /identity/people/:id/linked': [
    {
      label: 'records linked to a child',
      method: 'GET',
      url: (ids) => `/identity/people/${ids.child1}/linked`,
      expect: { anon: 303, coordinator: 200, others: 404 },
    },
  ],
  'POST /identity/people/:id/linked/:mergeId/unlink': [
    {
      label: 'unlink no such merge',
      method: 'POST',
      url: (ids) => `/identity/people/${ids.child1}/linked/${UNKNOWN}/unlink`,
      form: { reason: 'Linked in error', outcome: 'review' },
      expect: { anon: 303, others: 404 },
    },
  ],
};
