// Inputs and the JSON shape of the child record (HTTP pages and the API share them).
import { z } from 'zod';

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const ChildParams = z.object({ id: z.uuid() });

export const ChronologyQuery = z.object({
  agency: z.preprocess(blankToUndefined, z.uuid({ error: 'Select an agency from the list' }).optional()),
  type: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[a-z_]{1,60}$/u, { error: 'Select a type of event from the list' })
      .optional(),
  ),
  significant: z.preprocess((v) => v === '1' || v === 'true' || v === true, z.boolean()),
  view: z.enum(['print']).optional(),
});
export type ChronologyQuery = z.infer<typeof ChronologyQuery>;

const level = z.enum(['no_apparent_risk', 'low', 'medium', 'high']);
const screening = z.object({
  id: z.uuid(),
  assessedOn: z.string(),
  score: z.number(),
  computedLevel: level,
  finalLevel: level,
  judgementLevel: level.nullable(),
  overrides: z.array(z.object({ id: z.string(), from: level, to: level, reason: z.string() })),
  reviewDue: z.string().nullable(),
  agency: z.string(),
});

export const ChildResponse = z.object({
  id: z.uuid(),
  givenName: z.string().nullable(),
  middleNames: z.string().nullable(),
  familyName: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  sex: z.string().nullable(),
  healthVisible: z.boolean(),
  disability: z.string().nullable().optional(),
  status: z.object({
    lookedAfter: z.boolean(),
    childProtectionPlan: z.boolean(),
    specialEducationalNeeds: z.string().nullable(),
  }),
  identifiers: z.array(z.object({ scheme: z.string(), value: z.string() })),
  aliases: z.array(
    z.object({ kind: z.string(), givenName: z.string().nullable(), familyName: z.string().nullable() }),
  ),
  addresses: z.array(
    z.object({
      line1: z.string().nullable(),
      line2: z.string().nullable(),
      town: z.string().nullable(),
      postcode: z.string().nullable(),
      validFrom: z.string().nullable(),
      validTo: z.string().nullable(),
    }),
  ),
  risk: z.object({
    current: screening.nullable(),
    history: z.array(screening),
    review: z
      .object({ due: z.string().nullable(), overdue: z.boolean(), daysOverdue: z.number() })
      .nullable(),
  }),
  alerts: z.array(z.object({ id: z.uuid(), band: z.string(), raisedOn: z.string(), status: z.string() })),
  involvedAgencies: z.array(z.string()),
  linkedRecords: z.number().int(),
  leadProfessional: z.object({ name: z.string().nullable(), agency: z.string() }).nullable(),
  chronology: z.object({
    items: z.array(
      z.object({
        id: z.uuid(),
        type: z.string(),
        occurredAt: z.string(),
        occurredUntil: z.string().nullable(),
        narrative: z.string().nullable(),
        roles: z.array(z.string()),
        agencyId: z.uuid(),
        agency: z.string(),
        significant: z.boolean(),
      }),
    ),
    total: z.number().int(),
    withheld: z.array(z.object({ id: z.string(), label: z.string(), count: z.number().int() })),
    options: z.object({
      agencies: z.array(z.object({ value: z.string(), text: z.string(), count: z.number().int() })),
      types: z.array(z.object({ value: z.string(), count: z.number().int() })),
    }),
  }),
  viaBreakGlass: z.boolean(),
});
