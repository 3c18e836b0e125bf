/** Disclosure-control settings, validated with zod so a bad configuration names its problem. */
import { z } from 'zod';

export const disclosureOptionsSchema = z
  .object({
    /** Counts from 1 up to this value are primary-suppressed (shown as the symbol). */
    threshold: z.number().int().min(1).max(100).default(5),
    /** Zeros are shown as 0 (default) or suppressed like small counts. */
    zeros: z.enum(['show', 'suppress']).default('show'),
    /**
     * Each primary-suppressed cell's feasible range, given everything published, must span at least
     * this many units (upper - lower). 1 only forbids exact recovery; the default 3 forbids narrowing
     * a count down to two neighbouring values.
     */
    protectionWidth: z.number().int().min(1).max(1000).default(3),
    /** Round every published value to a multiple of this base (e.g. 5); omitted means no rounding. */
    roundingBase: z.number().int().min(2).max(1000).optional(),
    /** What a suppressed cell shows. */
    symbol: z.string().min(1).max(8).default('c'),
    /** Label of the total position on each dimension. */
    totalLabel: z.string().min(1).default('Total'),
  })
  .strict();

export type DisclosureOptionsInput = z.input<typeof disclosureOptionsSchema>;
export type DisclosureOptions = z.output<typeof disclosureOptionsSchema>;

/**
 * Validates and completes options with their defaults.
 *
 * @example
 * parseDisclosureOptions({ roundingBase: 5 }).threshold; // 5
 */
export function parseDisclosureOptions(input: DisclosureOptionsInput = {}): DisclosureOptions {
  return disclosureOptionsSchema.parse(input);
}
