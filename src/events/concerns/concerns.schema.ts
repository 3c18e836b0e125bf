// Inputs for raising a concern (the search-before-create step and the form), the shipped indicator list
// and lawful bases, and the GOV.UK messages for each field.
import { z } from 'zod';
import list from '../concern-indicators.json' with { type: 'json' };

export interface Choice {
  id: string;
  text: string;
  hint?: string;
}

export const CONCERN_INDICATORS: readonly Choice[] = list.indicators;
export const LAWFUL_BASES: readonly Choice[] = list.lawfulBases;
export const NARRATIVE_MAX = 5000;

const indicatorIds = CONCERN_INDICATORS.map((i) => i.id) as [string, ...string[]];
const basisIds = LAWFUL_BASES.map((b) => b.id) as [string, ...string[]];
const blank = (v: unknown) => (v === '' ? undefined : v);
const trimmed = (max: number) => z.string().trim().max(max);

/** Day, month and year fields of a GOV.UK date input, as a YYYY-MM-DD string (or undefined if blank). */
export function dateFromParts(day?: string, month?: string, year?: string): string | undefined | null {
  if ((day ?? '') === '' && (month ?? '') === '' && (year ?? '') === '') return undefined;
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  if (!Number.isInteger(d) || !Number.isInteger(m) || !Number.isInteger(y) || y < 1900) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

export const FindQuery = z.object({
  personId: z.preprocess(blank, z.uuid().optional()),
  new: z.preprocess(blank, z.literal('1').optional()),
  givenName: trimmed(100).optional(),
  familyName: trimmed(100).optional(),
  'dob-day': trimmed(2).optional(),
  'dob-month': trimmed(2).optional(),
  'dob-year': trimmed(4).optional(),
});
export type FindQuery = z.infer<typeof FindQuery>;

export const RaiseBody = z.object({
  _csrf: z.string().optional(),
  personId: z.preprocess(blank, z.uuid().optional()),
  givenName: trimmed(100).optional(),
  familyName: trimmed(100).optional(),
  'dob-day': trimmed(2).optional(),
  'dob-month': trimmed(2).optional(),
  'dob-year': trimmed(4).optional(),
  indicators: z.preprocess(
    (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
    z.array(z.enum(indicatorIds, { error: 'Select indicators from the list' })).max(indicatorIds.length),
  ),
  narrative: trimmed(NARRATIVE_MAX)
    .min(1, { error: 'Describe what you saw or were told' })
    .max(NARRATIVE_MAX, { error: `Your description must be ${NARRATIVE_MAX} characters or fewer` }),
  lawfulBasis: z.enum(basisIds, { error: 'Select the lawful basis for sharing this information' }),
  keepWording: z.preprocess(blank, z.literal('yes').optional()),
  checkedWording: z.string().max(100).optional(),
});
export type RaiseBody = z.infer<typeof RaiseBody>;

export const STATUS_TEXT: Record<string, string> = {
  new: 'Received: waiting for the MASH to review it',
  triaged: 'Reviewed by the MASH',
  screening: 'The child is being screened for risk of exploitation',
  case_opened: 'A case has been opened to support the child',
  no_further_action: 'Reviewed by the MASH: no further action',
};
