/**
 * Which of an alert's reasons a viewer may read. A reason names its rule and counts its records ("Repeat
 * sexual-health attendances: 2 matching records"), so it says as much as the records do: a reason that
 * rests on records the viewer may not see (health records outside a health agency, police intelligence
 * outside the police, concerns they may not read) is withheld and counted, like the records themselves.
 */
import type { Kysely } from 'kysely';
import { can, type Actor, type PersonFacts } from '../../access/index.ts';
import type { Database } from '../../platform/database/index.ts';
import { parseRuleSet } from '../rules/load.ts';
import type { Rule } from '../rules/schema.ts';
import { withAlertTables } from './tables.ts';

/** Kinds of record that not every viewer of a child may see. */
export type RestrictedSource = 'health' | 'intelligence' | 'concern';

const SOURCE_OF_TYPE: Readonly<Record<string, RestrictedSource>> = {
  ed_attendance: 'health',
  sexual_health_attendance: 'health',
  intelligence: 'intelligence',
  concern: 'concern',
};

/**
 * The restricted kinds of record a rule reads.
 *
 * @example
 * sourcesOfRule({ kind: 'count', events: ['ed_attendance:self_harm'], ... }); // Set { 'health' }
 */
export function sourcesOfRule(rule: Rule): Set<RestrictedSource> {
  const selectors =
    rule.kind === 'count'
      ? rule.events
      : rule.kind === 'co_occurrence'
        ? [...rule.first, ...rule.second]
        : [];
  const out = new Set<RestrictedSource>();
  // Disability is a health field of the child's record (shown only with person.read_health), so a
  // reason that says the child has a learning disability is withheld from the same viewers.
  if (rule.kind === 'profile' && rule.attribute === 'learning_disability') out.add('health');
  for (const s of selectors) {
    const source = SOURCE_OF_TYPE[s.split(':')[0]!];
    if (source !== undefined) out.add(source);
  }
  return out;
}

/** What a viewer's reasons depend on, loaded once for a list of alerts. */
export interface ReasonContext {
  readonly actor: Actor;
  /** Per rule set: the restricted sources of each rule. */
  readonly rules: ReadonlyMap<string, ReadonlyMap<string, Set<RestrictedSource>>>;
  /** Whether the viewer may read each concern cited as evidence. */
  readonly concerns: ReadonlyMap<string, boolean>;
}

interface AlertReasons {
  readonly rule_set_id: string;
  readonly rule_ids: readonly string[];
  readonly explanation: readonly string[];
  readonly evidence_event_ids: readonly string[];
}

/**
 * Loads the rule sets and cited concerns of `alerts` for `actor`.
 *
 * @example
 * const ctx = await reasonContext(tx, actor, rows);
 */
export async function reasonContext(
  db: Kysely<Database>,
  actor: Actor,
  alerts: readonly AlertReasons[],
): Promise<ReasonContext> {
  const setIds = [...new Set(alerts.map((a) => a.rule_set_id))];
  const sets =
    setIds.length === 0
      ? []
      : await withAlertTables(db)
          .selectFrom('rule_set')
          .select(['id', 'definition'])
          .where('partnership_id', '=', actor.partnershipId)
          .where('id', 'in', setIds)
          .execute();
  const rules = new Map(
    sets.map((s) => [
      s.id,
      new Map(parseRuleSet(s.definition).rules.map((r) => [r.id, sourcesOfRule(r)] as const)),
    ]),
  );
  const concernIds = [
    ...new Set(
      alerts.flatMap((a) =>
        a.evidence_event_ids.filter((e) => e.startsWith('concern:')).map((e) => e.slice(8)),
      ),
    ),
  ];
  const rows =
    concernIds.length === 0
      ? []
      : await db
          .selectFrom('concern')
          .select(['id', 'raised_by_user_id', 'raised_by_agency_id'])
          .where('partnership_id', '=', actor.partnershipId)
          .where('id', 'in', concernIds)
          .execute();
  const concerns = new Map(
    rows.map((c) => [
      c.id,
      can(actor, 'concern.read', {
        type: 'concern',
        id: c.id,
        partnershipId: actor.partnershipId,
        raisedByUserId: c.raised_by_user_id,
        raisedByAgencyId: c.raised_by_agency_id,
      }),
    ]),
  );
  return { actor, rules, concerns };
}

/**
 * The reasons of one alert the viewer may read (rule ids and explanations, in step) and how many are
 * withheld. A rule the stored rule set no longer knows is withheld (fail closed).
 *
 * @example
 * const { ruleIds, explanations, withheld } = visibleReasons(ctx, row, facts);
 */
export function visibleReasons(
  ctx: ReasonContext,
  alert: AlertReasons,
  person: PersonFacts,
): { ruleIds: string[]; explanations: string[]; withheld: number } {
  const sees: Record<RestrictedSource, boolean> = {
    health: can(ctx.actor, 'person.read_health', person),
    intelligence: ctx.actor.agencyKind === 'police',
    concern: alert.evidence_event_ids
      .filter((e) => e.startsWith('concern:'))
      .every((e) => ctx.concerns.get(e.slice(8)) === true),
  };
  const rules = ctx.rules.get(alert.rule_set_id);
  const ruleIds: string[] = [];
  const explanations: string[] = [];
  let withheld = 0;
  alert.rule_ids.forEach((id, i) => {
    const sources = rules?.get(id);
    if (sources === undefined || [...sources].some((s) => !sees[s])) {
      withheld += 1;
      return;
    }
    ruleIds.push(id);
    explanations.push(alert.explanation[i] ?? '');
  });
  return { ruleIds, explanations, withheld };
}
