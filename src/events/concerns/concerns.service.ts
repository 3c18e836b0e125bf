/**
 * Raising a concern: search before create (the linkage engine's incremental matcher, so nicknames,
 * misspellings and mistyped dates still find the child, plus the access-checked name search), the victim-
 * blaming language check, and the concern with its chronology event, all in one audited transaction.
 * The raiser later sees what happened next (status, and the screening that followed).
 */
import { createHash } from 'node:crypto';
import {
  checkPersonAccess,
  withAccess,
  writeAudit,
  type Actor,
  type PersonListRow,
} from '../../access/index.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/database/index.ts';
import { createPersonMatcher } from '../../identity/index.ts';
import { notFound, validationError } from '../../platform/errors/index.ts';
import { newId } from '../../platform/ids/ids.ts';
import { withScreeningTables } from '../../screening/index.ts';
import { checkLanguage, type LanguageFinding } from '../language/index.ts';

export const MAY_EXIST_ELSEWHERE = 'A record may exist elsewhere: contact the MASH';

export interface ChildMatch {
  rows: PersonListRow[];
  mayExistElsewhere: boolean;
}

export interface NewChild {
  givenName: string;
  familyName: string;
  dateOfBirth: string | undefined;
}

export interface RaiseInput {
  personId?: string | undefined;
  newChild?: NewChild | undefined;
  indicators: string[];
  narrative: string;
  lawfulBasis: string;
  /** The user chose to keep wording the checker flagged (the fingerprint of the text they confirmed). */
  keptWordingFingerprint?: string | undefined;
}

export type RaiseOutcome =
  | { kind: 'language'; findings: LanguageFinding[]; fingerprint: string }
  | { kind: 'raised'; concernId: string; personId: string };

export interface MyConcern {
  id: string;
  raisedAt: string;
  childId: string;
  childName: string;
  childVisible: boolean;
  status: string;
  screenedOn: string | null;
}

/** A short fingerprint of a narrative, so "keep my wording" applies only to the text that was checked. */
export function fingerprint(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * @example
 * const concerns = createConcernsService(db, clock);
 * const outcome = await concerns.raise(actor, { personId, indicators: ['missing'], narrative, lawfulBasis: 'safeguarding' });
 */
export function createConcernsService(db: Db, clock: Clock) {
  const matcher = createPersonMatcher(db);
  return {
    /**
     * Children who may be the one described, only those the actor may see: the matcher's likely
     * matches first (most likely first), then any other child whose names start with the words given.
     */
    async findChild(actor: Actor, search: NewChild): Promise<ChildMatch> {
      return withAccess(db, clock, actor, async (scope) => {
        const likely = await matcher.find(scope.tx, actor, clock.now(), search, 'child');
        const named = await scope.listPeople({
          offset: 0,
          limit: 20,
          kind: 'child',
          search: `${search.givenName} ${search.familyName}`,
        });
        const seen = new Set(likely.rows.map((r) => r.id));
        const rest = named.rows.filter(
          (r) =>
            !seen.has(r.id) &&
            (search.dateOfBirth === undefined ||
              r.dateOfBirth === null ||
              r.dateOfBirth === search.dateOfBirth),
        );
        return {
          rows: [
            ...likely.rows.map((r) => ({
              id: r.id,
              kind: r.kind,
              givenName: r.givenName,
              familyName: r.familyName,
              dateOfBirth: r.dateOfBirth,
              sex: r.sex,
              lookedAfter: r.lookedAfter,
            })),
            ...rest,
          ],
          mayExistElsewhere: likely.hidden > 0 || named.mayExistElsewhere,
        };
      });
    },

    /** The child a concern is about (404 when missing, not a child, or out of scope). */
    async child(actor: Actor, id: string): Promise<PersonListRow> {
      const person = await withAccess(db, clock, actor, (scope) => scope.readPerson(id));
      if (person?.kind !== 'child') throw notFound('child');
      return {
        id: person.id,
        kind: person.kind,
        givenName: person.givenName,
        familyName: person.familyName,
        dateOfBirth: person.dateOfBirth,
        sex: person.sex,
        lookedAfter: person.lookedAfter,
      };
    },

    async raise(actor: Actor, input: RaiseInput): Promise<RaiseOutcome> {
      const findings = checkLanguage(input.narrative);
      const print = fingerprint(input.narrative);
      if (findings.length > 0 && input.keptWordingFingerprint !== print) {
        return { kind: 'language', findings, fingerprint: print };
      }
      return withAccess(db, clock, actor, async (scope) => {
        const { tx } = scope;
        const now = clock.now();
        let personId = input.personId;
        if (personId !== undefined) {
          const { allowed, facts } = await checkPersonAccess(tx, actor, 'person.read', [personId], now);
          if (!allowed.has(personId) || facts.get(personId)?.kind !== 'child') throw notFound('child');
        } else if (input.newChild !== undefined) {
          const c = input.newChild;
          const likely = await matcher.find(tx, actor, now, c, 'child');
          const match = await scope.listPeople({
            offset: 0,
            limit: 1,
            kind: 'child',
            search: `${c.givenName} ${c.familyName}`,
          });
          if (likely.hidden > 0 || match.mayExistElsewhere) {
            throw validationError([
              { path: ['familyName'], code: 'may_exist_elsewhere', message: MAY_EXIST_ELSEWHERE },
            ]);
          }
          personId = newId();
          await tx
            .insertInto('person')
            .values({
              id: personId,
              partnership_id: actor.partnershipId,
              kind: 'child',
              given_name: c.givenName,
              middle_names: null,
              family_name: c.familyName,
              date_of_birth: c.dateOfBirth ?? null,
              date_of_birth_estimated: false,
              sex: null,
              ethnicity_dfe: null,
              ethnicity_police_self_defined: null,
              ethnicity_police_officer_defined: null,
              nationality: null,
              disability: null,
              special_educational_needs: null,
              merged_into: null,
            })
            .execute();
          await writeAudit(tx, now, {
            action: 'person.create',
            subjectType: 'person',
            subjectIds: [personId],
            details: { via: 'concern' },
          });
        } else {
          throw validationError([
            { path: ['familyName'], code: 'required', message: 'Find the child first' },
          ]);
        }
        const concernId = newId();
        await tx
          .insertInto('concern')
          .values({
            id: concernId,
            partnership_id: actor.partnershipId,
            person_id: personId,
            raised_by_user_id: actor.userId,
            raised_by_agency_id: actor.agencyId,
            indicators: JSON.stringify(input.indicators),
            narrative: input.narrative,
            lawful_basis: input.lawfulBasis,
            raised_at: now,
          })
          .execute();
        const eventId = newId();
        await tx
          .insertInto('event')
          .values({
            id: eventId,
            partnership_id: actor.partnershipId,
            agency_id: actor.agencyId,
            type: 'concern',
            occurred_at: now,
            occurred_until: null,
            location_id: null,
            narrative: null,
            data: JSON.stringify({ concernId, indicators: input.indicators }),
            source_record_id: null,
            recorded_by: actor.userId,
          })
          .execute();
        await tx
          .insertInto('event_party')
          .values({
            id: newId(),
            partnership_id: actor.partnershipId,
            event_id: eventId,
            person_id: personId,
            role: 'subject',
          })
          .execute();
        await writeAudit(tx, now, {
          action: 'concern.raise',
          subjectType: 'concern',
          subjectIds: [concernId, personId],
          details: {
            indicators: input.indicators.length,
            languageFindings: findings.map((f) => f.ruleId),
            lawfulBasis: input.lawfulBasis,
          },
        });
        return { kind: 'raised' as const, concernId, personId };
      });
    },

    /** The concerns the actor raised, with what happened next. */
    async mine(actor: Actor): Promise<MyConcern[]> {
      return withAccess(db, clock, actor, async ({ tx }) => {
        const rows = await withScreeningTables(tx)
          .selectFrom('concern as c')
          .innerJoin('person as p', 'p.id', 'c.person_id')
          .select((eb) => [
            'c.id',
            'c.raised_at',
            'c.status',
            'p.id as person_id',
            'p.given_name',
            'p.family_name',
            eb
              .selectFrom('screening as s')
              .select('s.assessed_on')
              .whereRef('s.person_id', '=', 'c.person_id')
              .where('s.partnership_id', '=', actor.partnershipId)
              .whereRef('s.recorded_at', '>=', 'c.raised_at')
              .orderBy('s.recorded_at', 'desc')
              .limit(1)
              .as('screened_on'),
          ])
          .where('c.partnership_id', '=', actor.partnershipId)
          .where('c.raised_by_user_id', '=', actor.userId)
          .orderBy('c.raised_at', 'desc')
          .limit(200)
          .execute();
        const { allowed } = await checkPersonAccess(
          tx,
          actor,
          'person.read',
          rows.map((r) => r.person_id),
          clock.now(),
        );
        await writeAudit(tx, clock.now(), {
          action: 'concern.list_mine',
          subjectType: 'concern',
          subjectIds: rows.map((r) => r.id),
          details: { returned: rows.length },
        });
        return rows.map((r) => ({
          id: r.id,
          raisedAt: r.raised_at.toISOString(),
          childId: r.person_id,
          childName: allowed.has(r.person_id)
            ? [r.given_name, r.family_name].filter((x) => x !== null).join(' ')
            : 'A child whose record is no longer shared with you',
          childVisible: allowed.has(r.person_id),
          status: r.status,
          screenedOn: r.screened_on === null ? null : String(r.screened_on).slice(0, 10),
        }));
      });
    },
  };
}

export type ConcernsService = ReturnType<typeof createConcernsService>;
