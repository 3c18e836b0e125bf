/**
 * Search before create with the linkage engine's incremental matcher (`LinkageIndex`, through the
 * identity resolver): the person someone is about to create is scored against everyone known, with
 * nicknames, misspellings, swapped names and mistyped dates handled the way imports handle them.
 *
 * The index is built once per partnership and kept (building it costs a scan of every person); each
 * search first adds the people created since (one light query), and every REBUILD_AFTER_MS a fresh index
 * is built in the background, while the old one keeps answering, so details added to existing people
 * (new aliases, addresses) are picked up. Candidates are mapped to the
 * person they now belong to (merges) and checked against the policy: the caller learns only how many
 * likely matches it may not see, never who they are.
 */
import { checkPersonAccess, writeAudit, type Actor, type PersonListRow } from '../access/index.ts';
import { IdentityResolver } from '../imports/index.ts';
import { DEFAULT_THRESHOLDS } from '../linkage/index.ts';
import type { Db, PersonKind, Tx } from '../platform/database/index.ts';
import { rootsOf } from './merge-people.ts';

const REBUILD_AFTER_MS = 10 * 60 * 1000;

export interface MatchDetails {
  givenName: string;
  familyName: string;
  dateOfBirth: string | undefined;
}

export interface PossibleMatches {
  /** Likely matches the actor may see, most likely first. */
  rows: (PersonListRow & { probability: number })[];
  /** Likely matches the actor may not see (say only that a record may exist elsewhere). */
  hidden: number;
}

interface Entry {
  resolver: Promise<IdentityResolver>;
  builtAt: number;
  /** A fresh build under way in the background while this one keeps answering. */
  rebuilding: boolean;
}

export interface PersonMatcher {
  /**
   * People likely to be the one described (at least the review threshold), of the given kind.
   * Runs inside the caller's access-checked transaction and audits what it shows.
   */
  find(tx: Tx, actor: Actor, now: Date, details: MatchDetails, kind: PersonKind): Promise<PossibleMatches>;
}

/**
 * @example
 * const matcher = createPersonMatcher(db);
 * const found = await matcher.find(tx, actor, now, { givenName: 'Amelia', familyName: 'Hartwell', dateOfBirth: undefined }, 'child');
 */
export function createPersonMatcher(
  db: Db,
  options: { minProbability?: number; clock?: () => number } = {},
): PersonMatcher {
  const minProbability = options.minProbability ?? DEFAULT_THRESHOLDS.review;
  const clock = options.clock ?? Date.now;
  const cache = new Map<string, Entry>();

  /** Rebuilds in the background (its own connection), swapping the new index in when it is ready. */
  function rebuild(partnershipId: string, entry: Entry): void {
    entry.rebuilding = true;
    const started = clock();
    IdentityResolver.open(db, partnershipId).then(
      (resolver) => {
        if (cache.get(partnershipId) === entry) {
          cache.set(partnershipId, {
            resolver: Promise.resolve(resolver),
            builtAt: started,
            rebuilding: false,
          });
        }
      },
      () => {
        entry.rebuilding = false; // keep answering from the old index; try again on a later search
      },
    );
  }

  async function resolverFor(tx: Tx, partnershipId: string): Promise<IdentityResolver> {
    const entry = cache.get(partnershipId);
    if (entry !== undefined) {
      if (!entry.rebuilding && clock() - entry.builtAt >= REBUILD_AFTER_MS) rebuild(partnershipId, entry);
      const resolver = await entry.resolver;
      await resolver.catchUp(tx);
      return resolver;
    }
    // The first search builds the index inside its own transaction.
    const fresh: Entry = {
      resolver: IdentityResolver.open(tx, partnershipId),
      builtAt: clock(),
      rebuilding: false,
    };
    cache.set(partnershipId, fresh);
    try {
      return await fresh.resolver;
    } catch (error) {
      if (cache.get(partnershipId) === fresh) cache.delete(partnershipId);
      throw error;
    }
  }

  return {
    async find(tx, actor, now, details, kind) {
      const pid = actor.partnershipId;
      const resolver = await resolverFor(tx, pid);
      const candidates = resolver.candidates(
        {
          kind,
          givenName: details.givenName,
          familyName: details.familyName,
          dateOfBirth: details.dateOfBirth,
          identifiers: {},
          role: 'subject',
        },
        { limit: 20, minProbability },
      );
      const roots = await rootsOf(
        tx,
        pid,
        candidates.map((c) => c.personId),
      );
      const best = new Map<string, number>();
      for (const c of candidates) {
        const root = roots.get(c.personId);
        if (root !== undefined && !best.has(root)) best.set(root, c.probability);
      }
      const ids = [...best.keys()];
      const people =
        ids.length === 0
          ? []
          : await tx
              .selectFrom('person')
              .select(['id', 'kind', 'given_name', 'family_name', 'date_of_birth', 'sex', 'looked_after'])
              .where('partnership_id', '=', pid)
              .where('id', 'in', ids)
              .where('kind', '=', kind)
              .execute();
      const byId = new Map(people.map((p) => [p.id, p]));
      const ofKind = ids.filter((id) => byId.has(id));
      const { allowed } = await checkPersonAccess(tx, actor, 'person.read', ofKind, now);
      const rows = ofKind
        .filter((id) => allowed.has(id))
        .map((id) => {
          const p = byId.get(id)!;
          return {
            id,
            kind: p.kind,
            givenName: p.given_name,
            familyName: p.family_name,
            dateOfBirth: p.date_of_birth,
            sex: p.sex,
            lookedAfter: p.looked_after,
            probability: best.get(id)!,
          };
        });
      await writeAudit(tx, now, {
        action: 'person.match',
        subjectType: 'person',
        subjectIds: rows.map((r) => r.id),
        details: { kind, returned: rows.length, withDateOfBirth: details.dateOfBirth !== undefined },
      });
      return { rows, hidden: ofKind.length - rows.length };
    },
  };
}
