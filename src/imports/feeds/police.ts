// Police feeds: parties (every person in any police record), missing reports, incidents, stops, crimes,
// graded intelligence (3x5x2) and vehicles. Records first, then parties attach people to them.
import { validateGrading } from '../../intelligence/index.ts';
import { LOCATION_KINDS } from '../codes.ts';
import { col, ids, personFrom, req, v } from './helpers.ts';
import type { EventSpec, FeedDefinition, Row } from './types.ts';

const location = (r: Row): EventSpec['location'] => {
  const kind = v(r, 'location_kind');
  if (kind === undefined && v(r, 'postcode') === undefined) return undefined;
  return {
    kind: kind !== undefined && LOCATION_KINDS.has(kind) ? kind : 'other',
    name: v(r, 'location_name'),
    postcode: v(r, 'postcode')?.toUpperCase(),
  };
};
const placeColumns = [col('location_kind', 'text'), col('location_name', 'text'), col('postcode', 'text')];

const RECORD_FEEDS: Readonly<Record<string, string>> = {
  missing_report: 'police_missing',
  incident: 'police_incidents',
  stop: 'police_stops',
  crime: 'police_crimes',
  intelligence: 'police_intelligence',
};
const ROLES: Readonly<
  Record<string, 'subject' | 'associate' | 'suspect' | 'witness' | 'reporter' | 'victim'>
> = {
  subject: 'subject',
  missing_person: 'subject',
  child_at_risk: 'subject',
  victim: 'victim',
  suspect: 'suspect',
  associate: 'associate',
  witness: 'witness',
  reporter: 'reporter',
  offender: 'suspect',
  adult: 'associate',
  found_with: 'associate',
  driver: 'associate',
};

export const policeParties: FeedDefinition = {
  name: 'police_parties',
  version: 1,
  agencyKind: 'police',
  description: 'People in police records, one row per person per record, with their role.',
  files: ['police/parties'],
  columns: [
    col('party_id', 'text', { required: true }),
    col('record_type', 'code', {
      required: true,
      codes: new Set(Object.keys(RECORD_FEEDS).map((k) => k.toUpperCase())),
      codeList: 'police record type',
    }),
    col('record_id', 'text', { required: true }),
    col('role', 'text', { required: true }),
    col('forename', 'text'),
    col('surname', 'text'),
    col('date_of_birth', 'date'),
    col('sex', 'sex'),
    col('address_line1', 'text'),
    col('town', 'text'),
    col('postcode', 'text'),
    col('phone', 'text'),
    col('police_person_id', 'text'),
  ],
  key: (r) => req(r, 'party_id'),
  target: 'record',
  person: (r) => {
    const role = ROLES[req(r, 'role').toLowerCase()] ?? 'associate';
    const dob = v(r, 'date_of_birth');
    const child = dob !== undefined && Number(dob.slice(0, 4)) >= new Date().getUTCFullYear() - 18;
    return personFrom(
      r,
      child ? 'child' : role === 'suspect' ? 'adult_of_concern' : 'other',
      ids({ police_id: v(r, 'police_person_id') }),
      role,
    );
  },
  attachTo: (r) => ({
    feed: RECORD_FEEDS[req(r, 'record_type').toLowerCase()] ?? '',
    key: req(r, 'record_id'),
  }),
  check: (r) =>
    ROLES[req(r, 'role').toLowerCase()] === undefined
      ? [['role', `"${req(r, 'role')}" is not a known party role`, Object.keys(ROLES).join(', ')]]
      : [],
};

export const policeMissing: FeedDefinition = {
  name: 'police_missing',
  version: 1,
  agencyKind: 'police',
  description: 'Missing person reports (the child is a party with role missing_person or subject).',
  files: ['police/missing_reports'],
  columns: [
    col('report_id', 'text', { required: true }),
    col('reported_at', 'datetime', { required: true }),
    col('found_at', 'datetime'),
    col('found_location', 'text'),
    col('found_postcode', 'text'),
    col('risk_level', 'text'),
    col('return_interview_date', 'date'),
    col('reported_by', 'text'),
  ],
  key: (r) => req(r, 'report_id'),
  target: 'record',
  event: (r) => ({
    type: 'missing_episode',
    occurredAt: req(r, 'reported_at'),
    occurredUntil: v(r, 'found_at'),
    location:
      v(r, 'found_location') === undefined
        ? undefined
        : {
            kind: LOCATION_KINDS.has(req(r, 'found_location')) ? req(r, 'found_location') : 'other',
            name: v(r, 'found_location'),
            postcode: v(r, 'found_postcode')?.toUpperCase(),
          },
    data: {
      risk_level: v(r, 'risk_level'),
      return_interview_date: v(r, 'return_interview_date'),
      reported_by: v(r, 'reported_by'),
    },
  }),
  check: (r) =>
    v(r, 'found_at') !== undefined && req(r, 'found_at') < req(r, 'reported_at')
      ? [['found_at', 'the child was found before being reported missing', 'a time at or after reported_at']]
      : [],
};

export const policeIncidents: FeedDefinition = {
  name: 'police_incidents',
  version: 1,
  agencyKind: 'police',
  description: 'Police incidents with type and location; parties arrive in the parties feed.',
  files: ['police/incidents'],
  columns: [
    col('incident_id', 'text', { required: true }),
    col('occurred_at', 'datetime', { required: true }),
    col('incident_type', 'text', { required: true }),
    ...placeColumns,
  ],
  key: (r) => req(r, 'incident_id'),
  target: 'record',
  event: (r) => ({
    type: 'police_incident',
    occurredAt: req(r, 'occurred_at'),
    location: location(r),
    data: { incident_type: v(r, 'incident_type') },
  }),
};

export const policeStops: FeedDefinition = {
  name: 'police_stops',
  version: 1,
  agencyKind: 'police',
  description: 'Stops, including children found in the company of adults, with any vehicle (VRM).',
  files: ['police/stops'],
  columns: [
    col('stop_id', 'text', { required: true }),
    col('occurred_at', 'datetime', { required: true }),
    ...placeColumns,
    col('vrm', 'text'),
    col('reason', 'text'),
  ],
  key: (r) => req(r, 'stop_id'),
  target: 'record',
  event: (r) => ({
    type: v(r, 'reason') === 'child_in_company_of_adults' ? 'found_in_company' : 'vehicle_sighting',
    occurredAt: req(r, 'occurred_at'),
    location: location(r),
    objects: v(r, 'vrm') === undefined ? [] : [{ kind: 'vehicle', value: req(r, 'vrm') }],
    data: { reason: v(r, 'reason') },
  }),
};

export const policeCrimes: FeedDefinition = {
  name: 'police_crimes',
  version: 1,
  agencyKind: 'police',
  description: 'Recorded crimes with a CSE flag.',
  files: ['police/crimes'],
  columns: [
    col('crime_id', 'text', { required: true }),
    col('recorded_at', 'datetime', { required: true }),
    col('offence', 'text', { required: true }),
    col('cse_flag', 'yes_no'),
    ...placeColumns,
  ],
  key: (r) => req(r, 'crime_id'),
  target: 'record',
  event: (r) => ({
    type: 'crime',
    occurredAt: req(r, 'recorded_at'),
    location: location(r),
    data: { offence: v(r, 'offence'), cse_flag: v(r, 'cse_flag') === 'Y' },
  }),
};

export const policeIntelligence: FeedDefinition = {
  name: 'police_intelligence',
  version: 1,
  agencyKind: 'police',
  description: 'Graded intelligence (3x5x2) with vehicles, phones and places mentioned.',
  files: ['police/intelligence'],
  columns: [
    col('intel_id', 'text', { required: true }),
    col('recorded_at', 'datetime', { required: true }),
    col('source_evaluation', 'code', {
      required: true,
      codes: new Set(['1', '2', '3']),
      codeList: '3x5x2 source evaluation',
    }),
    col('intelligence_assessment', 'code', {
      required: true,
      codes: new Set(['A', 'B', 'C', 'D', 'E']),
      codeList: '3x5x2 intelligence assessment',
    }),
    col('handling_code', 'code', { required: true, codes: new Set(['P', 'C']), codeList: '3x5x2 handling' }),
    col('vrm', 'text'),
    col('phone', 'text'),
    ...placeColumns,
    col('text', 'text', { required: true }),
  ],
  key: (r) => req(r, 'intel_id'),
  target: 'record',
  event: (r) => {
    const grading = {
      scheme: '3x5x2',
      source: req(r, 'source_evaluation'),
      assessment: req(r, 'intelligence_assessment'),
      handling: req(r, 'handling_code'),
    };
    const warnings = validateGrading(grading)
      .filter((i) => i.severity === 'warning' || i.code !== 'invalid_grade')
      .map((i) => i.code);
    const objects: { kind: 'vehicle' | 'phone'; value: string }[] = [];
    if (v(r, 'vrm') !== undefined) objects.push({ kind: 'vehicle', value: req(r, 'vrm') });
    if (v(r, 'phone') !== undefined) objects.push({ kind: 'phone', value: req(r, 'phone') });
    return {
      type: 'intelligence',
      occurredAt: req(r, 'recorded_at'),
      location: location(r),
      objects,
      narrative: v(r, 'text'),
      data: {
        grading: `${grading.source}${grading.assessment}${grading.handling}`,
        grading_warnings: warnings,
      },
    };
  },
};

export const policeVehicles: FeedDefinition = {
  name: 'police_vehicles',
  version: 1,
  agencyKind: 'police',
  description: 'Vehicles known to police (VRM, description).',
  files: ['police/vehicles'],
  columns: [
    col('vrm', 'text', { required: true }),
    col('description', 'text'),
    col('first_recorded', 'date'),
  ],
  key: (r) => req(r, 'vrm').replace(/\s/g, '').toUpperCase(),
  target: 'record',
  object: (r) => ({ kind: 'vehicle', value: req(r, 'vrm'), description: v(r, 'description') }),
};
