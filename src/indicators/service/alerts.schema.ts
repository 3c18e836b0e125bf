// Inputs of the alert lifecycle and the alerts API (HTTP forms, JSON and tests share them), with
// GOV.UK-style messages: the same words on the page's error summary and in the API's 400 issues.
import { z } from 'zod';
import { ALERT_STATUSES } from './tables.ts';

export const REASON_MAX = 2000;
const reason = (what: string) =>
  z
    .string({ error: `Enter why you are ${what} this alert` })
    .trim()
    .min(1, { error: `Enter why you are ${what} this alert` })
    .max(REASON_MAX, { error: `Reason must be ${REASON_MAX} characters or fewer` });
const body = <T extends z.ZodRawShape>(shape: T, example: string) =>
  z.object(shape, { error: `Send a JSON object, for example ${example}` });

/** Acting on an alert opens a screening or a case for the child. */
export const actionBody = body(
  { opened: z.enum(['screening', 'case'], { error: 'Choose whether to open a screening or a case' }) },
  '{"opened": "screening"}',
);
export const dismissBody = body(
  { reason: reason('dismissing') },
  '{"reason": "Known to the team; plan in place"}',
);
export const snoozeBody = body(
  {
    reason: reason('snoozing'),
    until: z.iso.date({
      error: (issue) =>
        issue.input === undefined
          ? 'Enter the date to bring the alert back'
          : 'The date to bring the alert back must be a real date',
    }),
  },
  '{"reason": "Wait for the strategy meeting", "until": "2026-12-01"}',
);

/** One lifecycle step. */
export const transitionSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('acknowledge') }),
  actionBody.extend({ step: z.literal('action') }),
  dismissBody.extend({ step: z.literal('dismiss') }),
  snoozeBody.extend({ step: z.literal('snooze') }),
]);
export type Transition = z.infer<typeof transitionSchema>;

export const alertParams = z.object({ id: z.uuid({ error: 'Alert ids are UUIDs' }) });
export const inboxQuery = z.object({ all: z.enum(['1']).optional() });

/** `open` is what the inbox shows: new, acknowledged, and snoozed alerts whose date has come. */
export const ALERT_STATUS_FILTERS = ['open', 'all', ...ALERT_STATUSES] as const;

/** Filters of the alerts API list: status, band, child, where it was sent; paged, most urgent first. */
export const alertListQuery = z.object({
  status: z
    .enum(ALERT_STATUS_FILTERS, { error: `Status must be one of: ${ALERT_STATUS_FILTERS.join(', ')}` })
    .default('open'),
  band: z
    .string()
    .trim()
    .regex(/^[a-z0-9_-]{1,40}$/, { error: 'Band must be a band name, for example high' })
    .optional(),
  child: z.uuid({ error: 'Child must be a person id (a UUID)' }).optional(),
  routedTo: z
    .enum(['mash_inbox', 'lead_professional'], { error: 'Sent to must be mash_inbox or lead_professional' })
    .optional(),
  limit: z.coerce
    .number({ error: 'Limit must be a whole number from 1 to 200' })
    .int({ error: 'Limit must be a whole number from 1 to 200' })
    .min(1, { error: 'Limit must be a whole number from 1 to 200' })
    .max(200, { error: 'Limit must be a whole number from 1 to 200' })
    .default(50),
  offset: z.coerce
    .number({ error: 'Offset must be a whole number, 0 or more' })
    .int({ error: 'Offset must be a whole number, 0 or more' })
    .min(0, { error: 'Offset must be a whole number, 0 or more' })
    .default(0),
});
export type AlertListQuery = z.infer<typeof alertListQuery>;

/** The day whose digest to build (default today). */
export const digestQuery = z.object({
  date: z.iso.date({ error: 'Enter the date as YYYY-MM-DD, for example 2026-11-02' }).optional(),
});
