/**
 * The pseudonymised record-level extract for national aggregation: one row per victim and per offender
 * of the period, keyed by HMAC-SHA256 of the partnership's person id under SIGHTLINE_PSEUDONYM_KEY (the
 * same person gets the same key in every extract under the same key; without the key nobody can link
 * it back). No names, no identifiers, date of birth reduced to year-month and age, district not
 * address. Refuses to run without a key.
 */
import { createHmac } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { safeRow } from '../imports/index.ts';
import {
  ageOn,
  ethnicityCategory,
  policeEthnicityCategory,
  postcodeDistrict,
  sexCategory,
} from './categories.ts';
import { buildCohorts } from './cohorts.ts';
import type { ReportFacts } from './facts.ts';

export const EXTRACT_COLUMNS = [
  'pseudonym',
  'role',
  'sex',
  'birth_year_month',
  'age_at_period_end',
  'ethnicity_group',
  'looked_after',
  'missing_history',
  'district',
  'identified_by',
] as const;

/**
 * The keyed pseudonym of an id.
 *
 * @example
 * pseudonym('a'.repeat(32), 'person-id'); // 64 hex characters
 */
export function pseudonym(key: string, id: string): string {
  return createHmac('sha256', key).update(id).digest('hex');
}

/**
 * The extract as rows (header first). Throws when the key is missing or short.
 *
 * @example
 * const rows = pseudonymisedExtract(facts, process.env.SIGHTLINE_PSEUDONYM_KEY);
 */
export function pseudonymisedExtract(facts: ReportFacts, key: string | undefined): string[][] {
  if (key === undefined || key.length < 32) {
    throw new Error(
      'the pseudonymised extract needs SIGHTLINE_PSEUDONYM_KEY (32+ characters); refusing to run',
    );
  }
  const cohorts = buildCohorts(facts);
  const rows: string[][] = [[...EXTRACT_COLUMNS]];
  const add = (id: string, role: 'victim' | 'offender', routes: string): void => {
    const p = facts.persons.get(id);
    if (p === undefined) return;
    rows.push([
      pseudonym(key, id),
      role,
      sexCategory(p.sex),
      p.dateOfBirth?.slice(0, 7) ?? '',
      p.dateOfBirth === null ? '' : String(ageOn(p.dateOfBirth, facts.period.to)),
      role === 'victim' ? ethnicityCategory(p.ethnicityDfe) : policeEthnicityCategory(p.ethnicityPoliceSelf),
      p.lookedAfter ? 'Y' : 'N',
      p.missingHistory ? 'Y' : 'N',
      postcodeDistrict(p.district),
      routes,
    ]);
  };
  for (const [id, routes] of cohorts.victims) add(id, 'victim', [...routes].sort().join(';'));
  for (const id of cohorts.offenders) add(id, 'offender', 'crime');
  return [rows[0]!, ...rows.slice(1).sort((a, b) => (a[0]! < b[0]! ? -1 : 1))];
}

/** The extract as formula-safe CSV. @example extractCsv(facts, key) */
export function extractCsv(facts: ReportFacts, key: string | undefined): string {
  return stringify(pseudonymisedExtract(facts, key).map((r) => safeRow(r)));
}
