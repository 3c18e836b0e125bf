// Inputs for cases, meetings, actions and support plans: one zod schema per form, shared by the pages,
// the API and tests. Form bodies arrive as strings (or repeated keys as arrays); dates come from the
// GOV.UK date input as day, month and year, and are checked to be real dates.
import { z } from 'zod';
import closureReasons from '../../codelists/cin-closure-reasons.json' with { type: 'json' };

export const LIMITS = { title: 200, text: 4000, name: 200 } as const;

/** CIN census reasons for closure (codelists/cin-closure-reasons.json). */
export const CLOSURE_REASONS: readonly { code: string; label: string }[] = closureReasons.codes;

const ids = z.preprocess(
  (v): unknown => (v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
  z.array(z.uuid({ error: 'Choose from the list' })).max(200),
);
const text = (message: string, max: number = LIMITS.text) =>
  z
    .string({ error: message })
    .trim()
    .min(1, { error: message })
    .max(max, { error: `Must be ${max} characters or fewer` });
const optionalUuid = z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional());

/** A 'YYYY-MM-DD' string from a GOV.UK date input's three fields, or an issue message. */
export function dateFromParts(day: unknown, month: unknown, year: unknown): string | undefined {
  const [d, m, y] = [day, month, year].map((x) => (typeof x === 'string' ? x.trim() : ''));
  if (!/^\d{1,2}$/.test(d ?? '') || !/^\d{1,2}$/.test(m ?? '') || !/^\d{4}$/.test(y ?? '')) return undefined;
  const iso = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const date = new Date(`${iso}T12:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

/**
 * Copies each GOV.UK date input (`<name>-day`, `-month`, `-year`) into `<name>` as 'YYYY-MM-DD'; an
 * incomplete or impossible date becomes 'invalid' (so the schema reports it), an empty one is left out.
 *
 * @example
 * withDates({ 'dueOn-day': '3', 'dueOn-month': '12', 'dueOn-year': '2026' }, ['dueOn']); // { dueOn: '2026-12-03', ... }
 */
export function withDates(body: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  for (const name of names) {
    const parts = [body[`${name}-day`], body[`${name}-month`], body[`${name}-year`]];
    if (parts.every((p) => p === undefined || (typeof p === 'string' && p.trim() === ''))) continue;
    out[name] = dateFromParts(parts[0], parts[1], parts[2]) ?? 'invalid';
  }
  return out;
}

export const openCaseSchema = z
  .object({
    subjectKind: z.enum(['child', 'place', 'peer_group'], {
      error: 'Select whether the case is about a child, a place or a peer group',
    }),
    childId: optionalUuid,
    locationId: optionalUuid,
    memberIds: ids,
    title: z.string().trim().max(LIMITS.title).default(''),
    reason: text('Enter why the case is being opened'),
    leadAgencyId: z.uuid({ error: 'Select the lead agency' }),
    leadUserId: optionalUuid,
    agencyIds: ids,
    reviewDueOn: z.iso.date({ error: 'Enter a real review date' }),
  })
  .superRefine((v, ctx) => {
    if (v.subjectKind === 'child' && v.childId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['childId'], message: 'Select the child' });
    }
    if (v.subjectKind === 'place' && v.locationId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['locationId'], message: 'Select the place' });
    }
    if (v.subjectKind === 'peer_group') {
      if (v.memberIds.length < 2) {
        ctx.addIssue({
          code: 'custom',
          path: ['memberIds'],
          message: 'Select at least 2 children in the group',
        });
      }
      if (v.title === '') {
        ctx.addIssue({ code: 'custom', path: ['title'], message: 'Enter a name for the peer group' });
      }
    }
  });
export type OpenCaseInput = z.input<typeof openCaseSchema>;

export const closeCaseSchema = z.object({
  outcome: text('Enter the outcome for the child or children'),
  closureReason: z.enum(CLOSURE_REASONS.map((r) => r.code) as [string, ...string[]], {
    error: 'Select the reason for closing the case',
  }),
});
export type CloseCaseInput = z.input<typeof closeCaseSchema>;

export const scheduleMeetingSchema = z.object({
  kind: z.enum(['mace', 'strategy'], { error: 'Select the type of meeting' }),
  title: text('Enter a title for the meeting', LIMITS.title),
  heldOn: z.iso.date({ error: 'Enter a real date for the meeting' }),
  agencyIds: ids.refine((a) => a.length > 0, { error: 'Select the agencies invited' }),
  agenda: z.preprocess(
    (v): unknown => (v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
    z.array(z.string().regex(/^(case|child|adult|place):[0-9a-f-]{36}$/)).max(100),
  ),
});
export type ScheduleMeetingInput = z.input<typeof scheduleMeetingSchema>;

export const attendanceSchema = z.object({
  attended: z.record(z.string(), z.enum(['yes', 'no'])).default({}),
  names: z.record(z.string(), z.string().trim().max(LIMITS.name)).default({}),
});
export type AttendanceInput = z.input<typeof attendanceSchema>;

export const minuteSectionSchema = z
  .object({
    heading: text('Enter a heading for this section', LIMITS.title),
    body: text('Enter the minutes for this section'),
    restricted: z.preprocess((v) => v === 'yes' || v === true, z.boolean()),
    allowedAgencyIds: ids,
  })
  .superRefine((v, ctx) => {
    if (v.restricted && v.allowedAgencyIds.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['allowedAgencyIds'],
        message: 'Select the agencies that may see this section',
      });
    }
  });
export type MinuteSectionInput = z.input<typeof minuteSectionSchema>;

export const decisionSchema = z.object({
  text: text('Enter the decision'),
  caseId: optionalUuid,
});
export type DecisionInput = z.input<typeof decisionSchema>;

export const newActionSchema = z.object({
  description: text('Enter what needs to be done'),
  ownerAgencyId: z.uuid({ error: 'Select the agency that owns the action' }),
  ownerName: text('Enter the name of the person who owns the action', LIMITS.name),
  dueOn: z.iso.date({ error: 'Enter a real due date' }),
  caseId: optionalUuid,
});
export type NewActionInput = z.input<typeof newActionSchema>;

export const actionStatusSchema = z.object({
  status: z.enum(['open', 'in_progress', 'done', 'cancelled'], { error: 'Select a status' }),
});

export const supportPlanSchema = z.object({
  childWords: text('Enter what the child or young person wants, in their own words'),
  safetyPlan: text('Enter the safety plan'),
  keyWorkerName: text('Enter the name of the key worker', LIMITS.name),
  keyWorkerAgencyId: z.uuid({ error: "Select the key worker's agency" }),
  currentArea: z.string().trim().max(LIMITS.name).default(''),
  reviewEveryMonths: z.coerce
    .number({ error: 'Enter how often the plan is reviewed, in months' })
    .int({ error: 'Enter a whole number of months' })
    .min(1, { error: 'Review at least every 12 months and at most every month' })
    .max(12, { error: 'Review at least every 12 months and at most every month' }),
  nextReviewOn: z.iso.date({ error: 'Enter a real date for the next review' }),
  adultHandoverOn: z.iso.date({ error: 'Enter a real date for the hand-over' }).optional(),
  adultHandoverTo: z.string().trim().max(LIMITS.name).default(''),
});
export type SupportPlanInput = z.input<typeof supportPlanSchema>;

export const SERVICE_KINDS = ['cse_worker', 'isva', 'therapy', 'court_special_measures', 'other'] as const;
export const supportServiceSchema = z.object({
  kind: z.enum(SERVICE_KINDS, { error: 'Select the service' }),
  provider: text('Enter who provides the service', LIMITS.name),
  providerAgencyId: optionalUuid,
  status: z.enum(['planned', 'active', 'ended'], { error: 'Select the status of the service' }),
});
export type SupportServiceInput = z.input<typeof supportServiceSchema>;

export const supportContactSchema = z.object({
  occurredOn: z.iso.date({ error: 'Enter a real date for the contact' }),
  kind: z.enum(['contact', 'review', 'area_move'], { error: 'Select what is being recorded' }),
  engagement: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['engaged', 'partly', 'not_engaged', 'not_seen']).optional(),
  ),
  note: text('Enter a note'),
  newArea: z.string().trim().max(LIMITS.name).default(''),
});
export type SupportContactInput = z.input<typeof supportContactSchema>;

export const idParams = z.object({ id: z.uuid() });
