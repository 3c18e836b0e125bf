/**
 * The category vocabularies of the reports (the minimum dataset in docs/returns.md): sex, age bands,
 * DfE ethnicity major groups (codelists/dfe-ethnicity.json), months. Pure and shared by every table.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const NOT_RECORDED = 'Not recorded';

export const SEX_CATEGORIES = ['Female', 'Male', NOT_RECORDED] as const;

/**
 * The published sex category of a recorded sex.
 *
 * @example
 * sexCategory('female'); // 'Female'
 */
export function sexCategory(sex: string | null): string {
  if (sex === 'female') return 'Female';
  if (sex === 'male') return 'Male';
  return NOT_RECORDED;
}

export const CHILD_AGE_BANDS = ['Under 10', '10-12', '13-15', '16-17', '18 and over', NOT_RECORDED] as const;
export const ADULT_AGE_BANDS = ['Under 18', '18-24', '25-34', '35-44', '45 and over', NOT_RECORDED] as const;

/**
 * Age in whole years on a day, both `YYYY-MM-DD`.
 *
 * @example
 * ageOn('2010-06-15', '2025-06-14'); // 14
 */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * The child age band of a date of birth on a day (victims: CEOP 2011 bands).
 *
 * @example
 * childAgeBand('2010-06-15', '2025-08-31'); // '13-15'
 */
export function childAgeBand(dateOfBirth: string | null, day: string): string {
  if (dateOfBirth === null) return NOT_RECORDED;
  const age = ageOn(dateOfBirth, day);
  if (age < 10) return 'Under 10';
  if (age <= 12) return '10-12';
  if (age <= 15) return '13-15';
  if (age <= 17) return '16-17';
  return '18 and over';
}

/**
 * The adult age band of a date of birth on a day (offenders).
 *
 * @example
 * adultAgeBand('1990-01-01', '2025-08-31'); // '35-44'
 */
export function adultAgeBand(dateOfBirth: string | null, day: string): string {
  if (dateOfBirth === null) return NOT_RECORDED;
  const age = ageOn(dateOfBirth, day);
  if (age < 18) return 'Under 18';
  if (age <= 24) return '18-24';
  if (age <= 34) return '25-34';
  if (age <= 44) return '35-44';
  return '45 and over';
}

interface CodeList {
  codes: { code: string; label: string; category?: string }[];
}
const ETHNICITY: CodeList = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../codelists/dfe-ethnicity.json', import.meta.url)), 'utf8'),
) as CodeList;
const ETHNIC_GROUP = new Map(ETHNICITY.codes.map((c) => [c.code, c.category ?? 'Other']));

export const ETHNICITY_CATEGORIES = [
  'White',
  'Mixed',
  'Asian',
  'Black',
  'Chinese',
  'Other',
  NOT_RECORDED,
] as const;

/**
 * The DfE major ethnic group of a DfE code; refused, not obtained and missing are "Not recorded".
 * Ethnicity is for monitoring only and is never derived from nationality.
 *
 * @example
 * ethnicityCategory('WBRI'); // 'White'
 * ethnicityCategory('REFU'); // 'Not recorded'
 */
export function ethnicityCategory(code: string | null): string {
  if (code === null) return NOT_RECORDED;
  const group = ETHNIC_GROUP.get(code.toUpperCase());
  if (group === undefined || group === 'Unknown') return NOT_RECORDED;
  return group;
}

/** Police 6+1 self-defined ethnicity groups (first letter of the code: W, M, A, B, O). */
export const POLICE_ETHNICITY_CATEGORIES = [
  'White',
  'Mixed',
  'Asian',
  'Black',
  'Other',
  NOT_RECORDED,
] as const;

/**
 * The group of a police self-defined ethnicity code (18+1, e.g. W1, A2), or "Not recorded".
 *
 * @example
 * policeEthnicityCategory('A1'); // 'Asian'
 */
export function policeEthnicityCategory(code: string | null): string {
  const first = (code ?? '').trim().toUpperCase().slice(0, 1);
  const map: Record<string, string> = { W: 'White', M: 'Mixed', A: 'Asian', B: 'Black', O: 'Other' };
  return map[first] ?? NOT_RECORDED;
}

/**
 * Every month (`YYYY-MM`) from the month of `from` to the month of `to`.
 *
 * @example
 * monthsBetween('2024-11-15', '2025-01-02'); // ['2024-11', '2024-12', '2025-01']
 */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= end) return out;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
}

/**
 * The postcode district (outward code) of a postcode.
 *
 * @example
 * postcodeDistrict('qb1 9xh'); // 'QB1'
 */
export function postcodeDistrict(postcode: string | null): string {
  const out = (postcode ?? '').trim().toUpperCase().split(' ')[0] ?? '';
  return out === '' ? NOT_RECORDED : out;
}

export const AGENCY_KINDS = [
  'police',
  'social_care',
  'education',
  'health',
  'youth_offending',
  'probation',
  'voluntary',
  'other',
] as const;

/** Display name of an agency kind. @example agencyLabel('social_care') // "Children's social care" */
export function agencyLabel(kind: string): string {
  const labels: Record<string, string> = {
    police: 'Police',
    social_care: "Children's social care",
    education: 'Education',
    health: 'Health',
    youth_offending: 'Youth justice',
    probation: 'Probation',
    voluntary: 'Voluntary sector',
    other: 'Other',
  };
  return labels[kind] ?? kind;
}
