/**
 * Alert raising (pure): an alert when a child crosses into a higher band at or above the alert band,
 * de-duplicated, with a cool-down; routing to the lead professional or the MASH inbox; and a daily
 * digest per user so nobody is flooded. Persistence and the inbox pages take these types.
 */
import type { CompiledRuleSet } from './compile.ts';
import type { ChildResult, Evaluation } from './types.ts';

/** How alerts are raised. */
export interface AlertPolicy {
  /** Lowest band that raises an alert (e.g. 'medium'). */
  readonly minBand: string;
  /** After an alert, no new alert for the same child at the same or a lower band for this long. */
  readonly cooldownDays: number;
  /** Alerts shown in full per user per day; the rest are summarised. */
  readonly dailyLimitPerUser: number;
}

/** What is remembered per child between evaluations (store it beside the alerts). */
export interface AlertMemory {
  /** Band index at the last evaluation (-1 none). */
  readonly band: number;
  /** Band index and day of the last alert raised, if any. */
  readonly alertedBand: number;
  readonly alertedDay: number | null;
}

/** An alert as raised by the engine, ready to be stored. */
export interface RaisedAlert {
  /** Stable de-duplication key: rule set, version, child, band, day. */
  readonly key: string;
  readonly child: number;
  readonly ruleSetId: string;
  readonly ruleSetVersion: string;
  readonly band: string;
  readonly bandIndex: number;
  readonly previousBand: string | null;
  readonly score: number;
  readonly raisedOn: number;
  readonly ruleIds: readonly string[];
  /** Numeric event ids behind the alert (all rules), ascending, without repeats. */
  readonly evidence: readonly number[];
  readonly explanations: readonly string[];
}

/** Lifecycle states for the inbox (stored by the alerts service). */
export type AlertStatus = 'open' | 'acknowledged' | 'actioned' | 'dismissed' | 'snoozed';
/** Where an alert goes: the child's lead professional if they have one, else the MASH inbox. */
export type AlertRoute =
  { readonly kind: 'lead_professional'; readonly userId: string } | { readonly kind: 'mash_inbox' };
/** An outcome recorded by a person; dismissal and snoozing need a reason. */
export type AlertOutcome =
  | { readonly kind: 'actioned'; readonly opened: 'screening' | 'case' }
  | { readonly kind: 'dismissed'; readonly reason: string }
  | { readonly kind: 'snoozed'; readonly reason: string; readonly until: number };

/**
 * Decides which alerts to raise from a new evaluation, and the memory to keep.
 *
 * @example
 * const { alerts, memory } = raiseAlerts(compiled, evaluation, previousMemory, policy);
 */
export function raiseAlerts(
  compiled: CompiledRuleSet,
  evaluation: Evaluation,
  memory: ReadonlyMap<number, AlertMemory>,
  policy: AlertPolicy,
): { alerts: RaisedAlert[]; memory: Map<number, AlertMemory> } {
  const minIndex = compiled.bandNames.indexOf(policy.minBand);
  if (minIndex < 0) throw new Error(`No band named ${policy.minBand}`);
  const asOf = evaluation.asOf;
  const next = new Map<number, AlertMemory>();
  const alerts: RaisedAlert[] = [];
  const children = new Set<number>([...memory.keys(), ...evaluation.results.keys()]);
  for (const child of [...children].sort((a, b) => a - b)) {
    const before = memory.get(child) ?? { band: -1, alertedBand: -1, alertedDay: null };
    const result = evaluation.results.get(child);
    const band = result?.bandIndex ?? -1;
    let mem: AlertMemory = { ...before, band };
    const crossedUp = band > before.band && band >= minIndex;
    const coolingDown =
      before.alertedDay !== null &&
      asOf - before.alertedDay < policy.cooldownDays &&
      band <= before.alertedBand;
    if (crossedUp && !coolingDown && result !== undefined) {
      alerts.push(toAlert(compiled, result, before.band, asOf));
      mem = { band, alertedBand: band, alertedDay: asOf };
    }
    if (mem.band !== -1 || mem.alertedDay !== null) next.set(child, mem);
  }
  return { alerts, memory: next };
}

function toAlert(compiled: CompiledRuleSet, r: ChildResult, previous: number, asOf: number): RaisedAlert {
  const { id, version } = compiled.ruleSet;
  const evidence = [...new Set(r.hits.flatMap((h) => h.evidence))].sort((a, b) => a - b);
  return {
    key: `${id}@${version}:${r.child}:${r.band ?? ''}:${asOf}`,
    child: r.child,
    ruleSetId: id,
    ruleSetVersion: version,
    band: r.band ?? '',
    bandIndex: r.bandIndex,
    previousBand: previous < 0 ? null : compiled.bandNames[previous]!,
    score: r.score,
    raisedOn: asOf,
    ruleIds: r.hits.map((h) => h.ruleId),
    evidence,
    explanations: r.hits.map((h) => h.explanation),
  };
}

/**
 * Routes an alert to the child's lead professional, or to the MASH inbox when there is none.
 *
 * @example
 * routeAlert(alert, new Map([[alert.child, 'user-7']])); // { kind: 'lead_professional', userId: 'user-7' }
 */
export function routeAlert(alert: RaisedAlert, leadProfessional: ReadonlyMap<number, string>): AlertRoute {
  const userId = leadProfessional.get(alert.child);
  return userId === undefined ? { kind: 'mash_inbox' } : { kind: 'lead_professional', userId };
}

/** One recipient's daily digest: the most urgent alerts in full, the rest counted by band. */
export interface Digest {
  readonly recipient: string;
  readonly shown: readonly RaisedAlert[];
  readonly summarised: number;
  readonly summarisedByBand: Readonly<Record<string, number>>;
}

/**
 * Builds each recipient's digest for a day: alerts sorted by band, score, then child; the first
 * `dailyLimitPerUser` shown, the rest summarised. `recipientOf` names the user or inbox.
 *
 * @example
 * buildDigests(alerts, (a) => routeKey(routeAlert(a, leads)), policy);
 */
export function buildDigests(
  alerts: readonly RaisedAlert[],
  recipientOf: (a: RaisedAlert) => string,
  policy: Pick<AlertPolicy, 'dailyLimitPerUser'>,
): Digest[] {
  const by = new Map<string, RaisedAlert[]>();
  for (const a of alerts) {
    const k = recipientOf(a);
    const list = by.get(k);
    if (list === undefined) by.set(k, [a]);
    else list.push(a);
  }
  return [...by.keys()].sort().map((recipient) => {
    const list = [...by.get(recipient)!].sort(
      (a, b) => b.bandIndex - a.bandIndex || b.score - a.score || a.child - b.child,
    );
    const shown = list.slice(0, policy.dailyLimitPerUser);
    const rest = list.slice(policy.dailyLimitPerUser);
    const summarisedByBand: Record<string, number> = {};
    for (const a of rest) summarisedByBand[a.band] = (summarisedByBand[a.band] ?? 0) + 1;
    return { recipient, shown, summarised: rest.length, summarisedByBand };
  });
}
