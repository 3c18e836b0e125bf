// zod schema for POLE data files (the CLI reads them; services will validate the same shape).
// No field for ethnicity, religion or nationality exists, and unknown keys are stripped.
import { z } from 'zod';
import type { PoleData } from './engine/types.ts';

const person = z.object({
  id: z.string().min(1),
  kind: z.enum(['child', 'adult_of_concern', 'other']),
  atRisk: z.boolean(),
});
const object = z.object({
  id: z.string().min(1),
  kind: z.enum(['vehicle', 'phone', 'handle']),
  label: z.string().optional(),
});
const location = z.object({
  id: z.string().min(1),
  kind: z.enum(['takeaway', 'hotel', 'house', 'park', 'taxi', 'online', 'other']),
  label: z.string().optional(),
});
const event = z.object({
  id: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
  locationId: z.string().min(1).optional(),
  parties: z.array(
    z.object({
      personId: z.string().min(1),
      role: z.enum(['subject', 'victim', 'associate', 'suspect', 'witness', 'reporter']),
    }),
  ),
  objects: z.array(z.object({ objectId: z.string().min(1), personId: z.string().min(1).optional() })),
});

export const poleDataSchema = z.object({
  persons: z.array(person),
  objects: z.array(object),
  locations: z.array(location),
  events: z.array(event),
});

/**
 * Parses and validates POLE data (e.g. a JSON file), dropping any field the engine must not see.
 *
 * @example
 * const data = parsePoleData(JSON.parse(readFileSync('pole.json', 'utf8')));
 */
export function parsePoleData(input: unknown): PoleData {
  return poleDataSchema.parse(input) as PoleData;
}
