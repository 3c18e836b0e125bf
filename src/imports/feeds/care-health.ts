// Social care (children, referrals, assessments, statuses, placements, SSDA903 missing, CIN census XML),
// health (ED, sexual health), youth offending and voluntary-sector feeds.
import { CIN_FACTORS, REFERRAL_SOURCES, SSDA903_MISSING } from '../codes.ts';
import { col, ids, personFrom, req, v } from './helpers.ts';
import type { FeedDefinition, Row } from './types.ts';

const laChild = (
  r: Row,
): FeedDefinition['person'] extends undefined
  ? never
  : ReturnType<NonNullable<FeedDefinition['person']>> => ({
  kind: 'child',
  identifiers: ids({ la_id: v(r, 'la_child_id') }),
  role: 'subject',
});
const identity = [
  col('forename', 'text'),
  col('surname', 'text'),
  // Often absent in health and voluntary feeds (docs/feeds.md): the person is then matched on what is there.
  col('date_of_birth', 'date'),
  col('sex', 'sex'),
  col('address_line1', 'text'),
  col('postcode', 'text'),
  col('phone', 'text'),
];

export const careChildren: FeedDefinition = {
  name: 'care_children',
  version: 1,
  agencyKind: 'social_care',
  description: "Children known to children's social care, with LA child id, UPN and NHS number.",
  files: ['social_care/children'],
  columns: [
    col('la_child_id', 'text', { required: true }),
    ...identity,
    col('ethnicity', 'text'),
    col('upn', 'upn'),
    col('nhs_number', 'nhs_number'),
    col('town', 'text'),
    col('first_contact_date', 'date'),
  ],
  key: (r) => req(r, 'la_child_id'),
  target: 'record',
  person: (r) =>
    personFrom(
      r,
      'child',
      ids({ la_id: v(r, 'la_child_id'), upn: v(r, 'upn'), nhs_number: v(r, 'nhs_number') }),
    ),
};

export const careReferrals: FeedDefinition = {
  name: 'care_referrals',
  version: 1,
  agencyKind: 'social_care',
  description: 'Referrals with CIN census referral source.',
  files: ['social_care/referrals'],
  columns: [
    col('referral_id', 'text', { required: true }),
    col('la_child_id', 'text', { required: true }),
    col('referral_date', 'date', { required: true }),
    col('referral_source', 'code', { codes: REFERRAL_SOURCES, codeList: 'CIN referral source' }),
    col('no_further_action', 'yes_no'),
  ],
  key: (r) => req(r, 'referral_id'),
  target: 'record',
  person: laChild,
  event: (r) => ({
    type: 'referral',
    occurredAt: req(r, 'referral_date'),
    data: { referral_source: v(r, 'referral_source'), no_further_action: v(r, 'no_further_action') === 'Y' },
  }),
};

export const careAssessments: FeedDefinition = {
  name: 'care_assessments',
  version: 1,
  agencyKind: 'social_care',
  description: 'Assessments with CIN census factors (e.g. 11A CSE, 24A CCE).',
  files: ['social_care/assessments'],
  columns: [
    col('assessment_id', 'text', { required: true }),
    col('referral_id', 'text'),
    col('la_child_id', 'text', { required: true }),
    col('start_date', 'date', { required: true }),
    col('authorised_date', 'date'),
    col('factors', 'codes', { codes: CIN_FACTORS, codeList: 'CIN assessment factor' }),
  ],
  key: (r) => req(r, 'assessment_id'),
  target: 'record',
  person: laChild,
  event: (r) => ({
    type: 'assessment',
    occurredAt: req(r, 'start_date'),
    occurredUntil: v(r, 'authorised_date'),
    data: {
      referral_id: v(r, 'referral_id'),
      factors: (v(r, 'factors') ?? '').split(';').filter((f) => f !== ''),
    },
  }),
  check: (r) =>
    v(r, 'authorised_date') !== undefined && req(r, 'authorised_date') < req(r, 'start_date')
      ? [
          [
            'authorised_date',
            'the assessment was authorised before it started',
            'a date on or after start_date',
          ],
        ]
      : [],
};

export const careStatuses: FeedDefinition = {
  name: 'care_statuses',
  version: 1,
  agencyKind: 'social_care',
  description: 'Start and end of CIN, child protection (CP) and looked-after (LAC) status.',
  files: ['social_care/statuses'],
  columns: [
    col('la_child_id', 'text', { required: true }),
    col('status', 'code', { required: true, codes: new Set(['CIN', 'CP', 'LAC']), codeList: 'status' }),
    col('start_date', 'date', { required: true }),
    col('end_date', 'date'),
    col('closure_reason', 'text'),
  ],
  key: (r) => `${req(r, 'la_child_id')}|${req(r, 'status')}|${req(r, 'start_date')}`,
  target: 'record',
  person: laChild,
  event: (r) => ({
    type: 'status_change',
    occurredAt: req(r, 'start_date'),
    occurredUntil: v(r, 'end_date'),
    data: { status: v(r, 'status'), closure_reason: v(r, 'closure_reason') },
  }),
};

export const carePlacements: FeedDefinition = {
  name: 'care_placements',
  version: 1,
  agencyKind: 'social_care',
  description: 'Care placements (SSDA903 placement type, postcode, out of area).',
  files: ['social_care/placements'],
  columns: [
    col('la_child_id', 'text', { required: true }),
    col('placement_start', 'date', { required: true }),
    col('placement_type', 'text'),
    col('postcode', 'text'),
    col('out_of_area', 'yes_no'),
  ],
  key: (r) => `${req(r, 'la_child_id')}|${req(r, 'placement_start')}`,
  target: 'record',
  person: laChild,
  event: (r) => ({
    type: 'placement_change',
    occurredAt: req(r, 'placement_start'),
    location: { kind: 'care_placement', postcode: v(r, 'postcode')?.toUpperCase() },
    data: { placement_type: v(r, 'placement_type'), out_of_area: v(r, 'out_of_area') === 'Y' },
  }),
};

export const careMissing: FeedDefinition = {
  name: 'care_missing',
  version: 1,
  agencyKind: 'social_care',
  description: 'SSDA903 Missing: episodes missing (M) or away without authorisation (A) from placement.',
  files: ['social_care/missing'],
  columns: [
    col('la_child_id', 'text', { required: true, aliases: ['child'] }),
    col('missing', 'code', { required: true, codes: SSDA903_MISSING, codeList: 'SSDA903 missing' }),
    col('mis_start', 'datetime', { required: true }),
    col('mis_end', 'datetime'),
  ],
  key: (r) => `${req(r, 'la_child_id')}|${req(r, 'mis_start')}`,
  target: 'record',
  person: laChild,
  event: (r) => ({
    type: 'missing_from_care',
    occurredAt: req(r, 'mis_start'),
    occurredUntil: v(r, 'mis_end'),
    data: { missing: v(r, 'missing') },
  }),
  check: (r) =>
    v(r, 'mis_end') !== undefined && req(r, 'mis_end') < req(r, 'mis_start')
      ? [['mis_end', 'the episode ends before it starts', 'a time at or after mis_start']]
      : [],
};

export const cinCensus: FeedDefinition = {
  name: 'cin_census',
  version: 1,
  agencyKind: 'social_care',
  description: 'CIN census return (XML or flat CSV): one record per referral with its first assessment.',
  files: [],
  columns: [
    col('la_child_id', 'text', { required: true }),
    col('upn', 'upn'),
    col('date_of_birth', 'date'),
    col('sex', 'sex'),
    col('ethnicity', 'text'),
    col('referral_date', 'date', { required: true }),
    col('referral_source', 'code', { codes: REFERRAL_SOURCES, codeList: 'CIN referral source' }),
    col('primary_need', 'text'),
    col('no_further_action', 'yes_no'),
    col('assessment_start', 'date'),
    col('assessment_authorised', 'date'),
    col('factors', 'codes', { codes: CIN_FACTORS, codeList: 'CIN assessment factor' }),
  ],
  key: (r) => `${req(r, 'la_child_id')}|${req(r, 'referral_date')}`,
  target: 'record',
  person: (r) => ({
    kind: 'child',
    dateOfBirth: v(r, 'date_of_birth'),
    sex: v(r, 'sex'),
    identifiers: ids({ la_id: v(r, 'la_child_id'), upn: v(r, 'upn') }),
    role: 'subject',
  }),
  event: (r) => ({
    type: 'referral',
    occurredAt: req(r, 'referral_date'),
    data: {
      referral_source: v(r, 'referral_source'),
      primary_need: v(r, 'primary_need'),
      assessment_start: v(r, 'assessment_start'),
      factors: (v(r, 'factors') ?? '').split(';').filter((f) => f !== ''),
    },
  }),
};

const health = (
  name: string,
  type: 'ed_attendance' | 'sexual_health_attendance',
  file: string,
  at: string,
  reason: string,
): FeedDefinition => ({
  name,
  version: 1,
  agencyKind: 'health',
  description:
    type === 'ed_attendance'
      ? 'Emergency department attendances (reason, who accompanied).'
      : 'Sexual-health clinic attendances.',
  files: [file],
  columns: [
    col('attendance_id', 'text', { required: true }),
    col('site', 'text', { aliases: ['clinic'] }),
    col(at, 'datetime', { required: true }),
    col('nhs_number', 'nhs_number'),
    ...identity,
    col(reason, 'text', { required: true }),
    col('accompanied_by', 'text'),
  ],
  key: (r) => req(r, 'attendance_id'),
  target: 'record',
  person: (r) => personFrom(r, 'child', ids({ nhs_number: v(r, 'nhs_number') })),
  event: (r) => ({
    type,
    occurredAt: req(r, at),
    location: { kind: 'other', name: v(r, 'site') },
    data: { reason: v(r, reason), accompanied_by: v(r, 'accompanied_by') },
  }),
});
export const edAttendances = health(
  'ed_attendances',
  'ed_attendance',
  'health/ed_attendances',
  'arrived_at',
  'reason',
);
export const sexualHealth = health(
  'sexual_health',
  'sexual_health_attendance',
  'health/sexual_health_attendances',
  'attended_at',
  'attendance_type',
);

export const yotReferrals: FeedDefinition = {
  name: 'yot_referrals',
  version: 1,
  agencyKind: 'youth_offending',
  description: 'Youth offending team referrals and interventions.',
  files: ['youth_offending/referrals'],
  columns: [
    col('yot_ref', 'text', { required: true }),
    col('referral_date', 'date', { required: true }),
    ...identity,
    col('police_person_id', 'text'),
    col('intervention', 'text'),
    col('engagement', 'text'),
  ],
  key: (r) => req(r, 'yot_ref'),
  target: 'record',
  person: (r) =>
    personFrom(r, 'child', ids({ yot_id: v(r, 'yot_ref'), police_id: v(r, 'police_person_id') })),
  event: (r) => ({
    type: 'yot_referral',
    occurredAt: req(r, 'referral_date'),
    data: { intervention: v(r, 'intervention'), engagement: v(r, 'engagement') },
  }),
};

export const voluntaryReferrals: FeedDefinition = {
  name: 'voluntary_referrals',
  version: 1,
  agencyKind: 'voluntary',
  description: 'Referrals to voluntary-sector specialist services (known-as name, engagement).',
  files: ['voluntary/referrals'],
  columns: [
    col('case_ref', 'text', { required: true }),
    col('referral_date', 'date', { required: true }),
    col('known_as', 'text'),
    ...identity.filter((c) => c.name !== 'forename'),
    col('referrer', 'text'),
    col('service', 'text'),
    col('engagement', 'text'),
    col('sessions_attended', 'integer'),
  ],
  key: (r) => req(r, 'case_ref'),
  target: 'record',
  person: (r) => personFrom(r, 'child', {}),
  event: (r) => ({
    type: 'voluntary_referral',
    occurredAt: req(r, 'referral_date'),
    data: {
      referrer: v(r, 'referrer'),
      service: v(r, 'service'),
      engagement: v(r, 'engagement'),
      sessions_attended: v(r, 'sessions_attended'),
    },
  }),
};
