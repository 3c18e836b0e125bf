// Education feeds: pupil roll, daily attendance (DfE codes) and suspensions/exclusions.
import { ATTENDANCE_CODES } from '../codes.ts';
import { col, ids, personFrom, req, v } from './helpers.ts';
import type { FeedDefinition } from './types.ts';

export const pupilRoll: FeedDefinition = {
  name: 'pupil_roll',
  version: 1,
  agencyKind: 'education',
  description: 'School census pupil roll: one row per pupil (UPN) with name, date of birth and address.',
  files: ['education/pupils'],
  columns: [
    col('upn', 'upn', { required: true }),
    col('urn', 'text'),
    col('legal_forename', 'text', { required: true, aliases: ['forename'] }),
    col('legal_surname', 'text', { required: true, aliases: ['surname'] }),
    col('preferred_forename', 'text'),
    col('date_of_birth', 'date', { required: true }),
    col('sex', 'sex'),
    col('ethnicity', 'text'),
    col('sen_provision', 'text'),
    col('address_line1', 'text'),
    col('town', 'text'),
    col('postcode', 'text'),
    col('entry_date', 'date'),
  ],
  key: (r) => req(r, 'upn'),
  target: 'record',
  person: (r) => personFrom(r, 'child', ids({ upn: v(r, 'upn') })),
};

export const attendance: FeedDefinition = {
  name: 'attendance',
  // 2: a mark's stable key names the school too (dual registration), stored a week to a row (0013).
  version: 2,
  agencyKind: 'education',
  description: 'Daily attendance: one AM or PM session mark per pupil per school day (DfE codes, 2024).',
  files: ['education/attendance'],
  columns: [
    col('urn', 'text', { required: true }),
    col('upn', 'upn', { required: true }),
    col('date', 'date', { required: true }),
    col('session', 'code', { required: true, codes: new Set(['AM', 'PM']), codeList: 'session' }),
    col('mark', 'code', { required: true, codes: ATTENDANCE_CODES, codeList: 'DfE attendance' }),
  ],
  key: (r) => `${req(r, 'upn')}|${req(r, 'urn')}|${req(r, 'date')}|${req(r, 'session')}`,
  target: 'attendance',
};

export const suspensions: FeedDefinition = {
  name: 'suspensions',
  version: 1,
  agencyKind: 'education',
  description: 'Suspensions and permanent exclusions (school census categories).',
  files: ['education/suspensions'],
  columns: [
    col('suspension_id', 'text', { required: true }),
    col('urn', 'text'),
    col('upn', 'upn', { required: true }),
    col('category', 'code', {
      required: true,
      codes: new Set(['SUSPENSION', 'PERMANENT', 'SUS', 'PEX']),
      codeList: 'exclusion category',
    }),
    col('start_date', 'date', { required: true }),
    col('days', 'integer'),
    col('reason', 'text'),
  ],
  key: (r) => req(r, 'suspension_id'),
  target: 'record',
  person: (r) => ({ kind: 'child', identifiers: ids({ upn: v(r, 'upn') }), role: 'subject' }),
  event: (r) => ({
    type: ['PERMANENT', 'PEX'].includes(req(r, 'category')) ? 'permanent_exclusion' : 'suspension',
    occurredAt: req(r, 'start_date'),
    data: {
      school_urn: v(r, 'urn'),
      days: v(r, 'days') === undefined ? undefined : Number(v(r, 'days')),
      reason: v(r, 'reason'),
    },
  }),
};
