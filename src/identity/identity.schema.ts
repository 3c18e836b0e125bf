// Inputs for identity review (the queue, a pair's decision, unlinking), with the GOV.UK message for each
// field. Forms are parsed with safeParse in the route so a bad answer re-renders the page with the error
// summary and changes nothing.
import { z } from 'zod';

export const NOTE_MAX = 1000;

const blank = (v: unknown) => (v === '' ? undefined : v);

export const PairParams = z.object({ id: z.uuid() });
export const PersonParams = z.object({ id: z.uuid() });
export const UnlinkParams = z.object({ id: z.uuid(), mergeId: z.uuid() });

export const QueueQuery = z.object({
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(100_000).default(1)),
  /** After a decision: the pair and what was decided, for the confirmation banner. */
  done: z.preprocess(blank, z.uuid().optional()),
  decided: z.preprocess(blank, z.enum(['link', 'reject', 'defer']).optional()),
});
export type QueueQuery = z.infer<typeof QueueQuery>;

export const LinkedQuery = z.object({ unlinked: z.preprocess(blank, z.literal('1').optional()) });

/** Every form posts its CSRF token; anything else on the form is ignored. */
export const FormBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

const note = z
  .string()
  .trim()
  .max(NOTE_MAX, { error: `Your note must be ${NOTE_MAX.toLocaleString('en-GB')} characters or fewer` });

export const DecisionInput = z.object({
  decision: z.enum(['link', 'reject', 'defer'], {
    error: 'Select whether these records are about the same person',
  }),
  note: z.preprocess(blank, note.optional()),
});
export type DecisionInput = z.infer<typeof DecisionInput>;

export const UnlinkInput = z.object({
  reason: z.preprocess(
    blank,
    z
      .string({ error: 'Explain why these records should be unlinked' })
      .trim()
      .min(1, { error: 'Explain why these records should be unlinked' })
      .max(NOTE_MAX, {
        error: `Your reason must be ${NOTE_MAX.toLocaleString('en-GB')} characters or fewer`,
      }),
  ),
  outcome: z.enum(['review', 'not_same'], { error: 'Select what should happen to the two records next' }),
});
export type UnlinkInput = z.infer<typeof UnlinkInput>;
