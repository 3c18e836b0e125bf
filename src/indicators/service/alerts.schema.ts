// Inputs of the alert lifecycle (HTTP forms and tests share them), with GOV.UK-style messages.
import { z } from 'zod';

export const REASON_MAX = 2000;
const reason = (what: string) =>
  z
    .string({ error: `Enter why you are ${what} this alert` })
    .trim()
    .min(1, { error: `Enter why you are ${what} this alert` })
    .max(REASON_MAX, { error: `Reason must be ${REASON_MAX} characters or fewer` });

/** One lifecycle step. */
export const transitionSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('acknowledge') }),
  z.object({
    step: z.literal('action'),
    opened: z.enum(['screening', 'case'], { error: 'Choose whether to open a screening or a case' }),
  }),
  z.object({ step: z.literal('dismiss'), reason: reason('dismissing') }),
  z.object({
    step: z.literal('snooze'),
    reason: reason('snoozing'),
    until: z.iso.date({ error: 'Enter the date to bring the alert back, for example 2026-12-01' }),
  }),
]);
export type Transition = z.infer<typeof transitionSchema>;

export const alertParams = z.object({ id: z.uuid() });
export const inboxQuery = z.object({ all: z.enum(['1']).optional() });
