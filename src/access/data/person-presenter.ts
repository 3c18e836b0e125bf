/**
 * Turns a person record into what this actor may see: health details (the disability field, health
 * agencies' events) are stripped unless the policy allows them; concerns appear only where the actor may
 * read them (a practitioner sees the ones they raised, and what happened next).
 */
import type { PersonKind } from '../../platform/database/index.ts';
import type { Actor } from '../policy/types.ts';
import type { personRecord } from './person-queries.ts';

type PersonRecord = Awaited<ReturnType<typeof personRecord>>;
type ConcernRow = PersonRecord['concerns'][number];

export interface PersonView {
  id: string;
  kind: PersonKind;
  givenName: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
  sex: string | null;
  lookedAfter: boolean;
  sealed: boolean;
  healthVisible: boolean;
  /** Present only when the actor may see health details. */
  disability?: string | null;
  identifiers: { scheme: string; value: string }[];
  involvedAgencies: string[];
  events: { occurredAt: string; type: string; agency: string; role: string; narrative: string | null; restricted: boolean }[];
  concerns: { raisedAt: string; agency: string; status: string; raisedByYou: boolean }[];
  breakGlassExpires?: string;
}

export interface PresentOptions {
  actor: Actor;
  seeHealth: boolean;
  canReadConcern: (concern: ConcernRow) => boolean;
  breakGlassExpires: Date | undefined;
  involvedAgencyIds: readonly string[];
}

/**
 * @example
 * const view = presentPerson(record, { actor, seeHealth: false, canReadConcern: () => false, breakGlassExpires: undefined, involvedAgencyIds: [] });
 */
export function presentPerson(record: PersonRecord, options: PresentOptions): PersonView {
  const p = record.person;
  return {
    id: p.id,
    kind: p.kind,
    givenName: p.given_name,
    familyName: p.family_name,
    dateOfBirth: p.date_of_birth,
    sex: p.sex,
    lookedAfter: p.looked_after,
    sealed: p.sealed,
    healthVisible: options.seeHealth,
    ...(options.seeHealth ? { disability: p.disability } : {}),
    identifiers: record.identifiers.map((i) => ({ scheme: i.scheme, value: i.value })),
    involvedAgencies: options.involvedAgencyIds
      .map((id) => record.agencyNames.get(id) ?? 'Unknown agency')
      .sort(),
    events: record.events.map((e) => {
      const restricted = e.agency_kind === 'health' && !options.seeHealth;
      return {
        occurredAt: e.occurred_at.toISOString(),
        type: restricted ? 'health_contact' : e.type,
        agency: e.agency_name,
        role: e.role,
        narrative: restricted ? null : e.narrative,
        restricted,
      };
    }),
    concerns: record.concerns.filter(options.canReadConcern).map((c) => ({
      raisedAt: c.raised_at.toISOString(),
      agency: c.agency_name,
      status: c.status,
      raisedByYou: c.raised_by_user_id === options.actor.userId,
    })),
    ...(options.breakGlassExpires !== undefined ? { breakGlassExpires: options.breakGlassExpires.toISOString() } : {}),
  };
}
