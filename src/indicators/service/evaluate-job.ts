/**
 * The heavy part of a live evaluation as one pure, serialisable job: rule set JSON + engine input +
 * the alert memory in, per-child state and raised alerts out. It runs in a worker thread in the server
 * (`run-job.ts`) and inline in tests and the CLI. No database, no HTTP.
 */
import { raiseAlerts, type AlertMemory, type AlertPolicy } from '../engine/alerts.ts';
import { compileRuleSet } from '../engine/compile.ts';
import { evaluateAll } from '../engine/evaluate.ts';
import { compileProfiles } from '../engine/profiles.ts';
import { buildObjectStore } from '../engine/store.ts';
import { parseRuleSet } from '../rules/load.ts';
import type { EngineInput } from './load-input.ts';

export interface EvaluationJob {
  readonly ruleSet: unknown;
  readonly input: EngineInput;
  /** As-of day number. */
  readonly asOf: number;
  /** Alert memory by person id (only for the children in `input`). */
  readonly memory: readonly (readonly [string, AlertMemory])[];
  readonly policy: AlertPolicy;
}

/** One child's state after the job. */
export interface ChildState {
  readonly personId: string;
  readonly score: number;
  readonly bandIndex: number;
  readonly memory: AlertMemory;
}

/** An alert ready to store: the engine's alert with string ids. */
export interface JobAlert {
  readonly key: string;
  readonly personId: string;
  readonly band: string;
  readonly bandIndex: number;
  readonly previousBand: string | null;
  readonly score: number;
  readonly raisedOn: number;
  readonly ruleIds: readonly string[];
  readonly evidence: readonly string[];
  readonly explanations: readonly string[];
}

export interface EvaluationJobResult {
  readonly evaluated: number;
  readonly events: number;
  /** Children with a score or a memory (others have no state row). */
  readonly states: readonly ChildState[];
  readonly alerts: readonly JobAlert[];
}

/**
 * Runs one evaluation job.
 *
 * @example
 * const out = runEvaluationJob({ ruleSet, input, asOf: toDay('2026-11-02'), memory: [], policy });
 */
export function runEvaluationJob(job: EvaluationJob): EvaluationJobResult {
  const compiled = compileRuleSet(parseRuleSet(job.ruleSet));
  const { children, events, facts } = job.input;
  const { store, eventIds, childIndex } = buildObjectStore(children, events, facts);
  const evaluation = evaluateAll(compiled, store, compileProfiles(children), job.asOf);
  const memory = new Map<number, AlertMemory>();
  for (const [personId, m] of job.memory) {
    const c = childIndex.get(personId);
    if (c !== undefined) memory.set(c, m);
  }
  const raised = raiseAlerts(compiled, evaluation, memory, job.policy);
  const states: ChildState[] = [];
  children.forEach((child, c) => {
    const m = raised.memory.get(c);
    const r = evaluation.results.get(c);
    if (m === undefined && r === undefined) return;
    states.push({
      personId: child.id,
      score: r?.score ?? 0,
      bandIndex: r?.bandIndex ?? -1,
      memory: m ?? { band: -1, alertedBand: -1, alertedDay: null },
    });
  });
  const alerts = raised.alerts.map((a) => ({
    key: a.key.replace(`:${a.child}:`, `:${children[a.child]!.id}:`),
    personId: children[a.child]!.id,
    band: a.band,
    bandIndex: a.bandIndex,
    previousBand: a.previousBand,
    score: a.score,
    raisedOn: a.raisedOn,
    ruleIds: a.ruleIds,
    evidence: a.evidence.map((i) => eventIds[i]!),
    explanations: a.explanations,
  }));
  return { evaluated: children.length, events: events.length + facts.length, states, alerts };
}
