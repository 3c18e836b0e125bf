/**
 * The shipped screening instruments. Each version is a JSON file validated at load; a new version is
 * a new file, never an edit, so past screenings can always be re-explained with the tool they used.
 */
import v1 from './cse-screening-v1.json' with { type: 'json' };
import { parseInstrument, type Instrument } from './instrument.schema.ts';

export * from './instrument.schema.ts';

/** Version 1.0.0 of the CSE screening tool. */
export const CSE_SCREENING_V1: Instrument = parseInstrument(v1);

/** Every shipped instrument by `id@version`. */
export const INSTRUMENTS: ReadonlyMap<string, Instrument> = new Map([
  [`${CSE_SCREENING_V1.id}@${CSE_SCREENING_V1.version}`, CSE_SCREENING_V1],
]);

/**
 * Looks up a shipped instrument.
 *
 * @example
 * getInstrument('cse-screening', '1.0.0')?.title; // 'Child sexual exploitation screening tool'
 */
export function getInstrument(id: string, version: string): Instrument | undefined {
  return INSTRUMENTS.get(`${id}@${version}`);
}
