// Runs a whole simulation to a folder: population, scenarios, events, agency feeds, attendance, truth.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addMonths, dayOf } from './dates.ts';
import { EventStore, backgroundEvents } from './events.ts';
import { backgroundIntelligence, groupEvents, victimEvents } from './events-exploitation.ts';
import { FeedContext } from './feeds/context.ts';
import { writeEducation, type AttendanceFigures } from './feeds/education.ts';
import { writeHealth, writeYotAndVoluntary } from './feeds/health.ts';
import { writePolice } from './feeds/police.ts';
import { writeSocialCare } from './feeds/social-care.ts';
import { PROFILES, type ProfileName } from './parameters.ts';
import { buildPopulation, DISTRICTS } from './population.ts';
import { Rng } from './prng.ts';
import { buildScenarios } from './scenarios.ts';
import { writeTruth } from './truth.ts';
import type { World } from './types.ts';

export const FORMAT_VERSION = '1';

export interface SimulateOptions {
  readonly seed: number;
  readonly out: string;
  readonly profile?: ProfileName;
  readonly children?: number;
  /** First day, YYYY-MM-DD (default 2024-09-02, the start of a school year). */
  readonly start?: string;
  readonly months?: number;
  /** Called with a short progress message (no personal data). */
  readonly progress?: (message: string) => void;
}

export interface SimulationSummary {
  readonly seed: number;
  readonly profile: ProfileName;
  readonly children: number;
  readonly adults: number;
  readonly households: number;
  readonly schools: number;
  readonly victims: number;
  readonly recognisedVictims: number;
  readonly groups: number;
  readonly start: string;
  readonly end: string;
  readonly attendance: AttendanceFigures;
  /** Rows per file, keyed `agency/file` (header excluded). */
  readonly files: Readonly<Record<string, number>>;
  readonly totalRows: number;
}

/**
 * Simulates a partnership and writes its agency feeds and ground truth to `out`. Deterministic: the
 * same options give byte-identical files.
 *
 * @example
 * const summary = simulate({ seed: 1, out: '/tmp/sim', profile: 'small', children: 300, months: 2 });
 * summary.files['police/parties']; // rows in police/parties.csv
 */
export function simulate(options: SimulateOptions): SimulationSummary {
  const profileName = options.profile ?? 'small';
  const profile = PROFILES[profileName];
  const children = options.children ?? profile.children;
  const start = dayOf(options.start ?? '2024-09-02');
  const end = addMonths(start, options.months ?? profile.months);
  const note = options.progress ?? ((): void => undefined);
  if (!Number.isInteger(children) || children < 1) {
    throw new Error('children must be a positive whole number');
  }
  if (end <= start) throw new Error('months must be at least 1');
  const root = new Rng(options.seed);
  const districts = Math.min(profile.districts, DISTRICTS.length - 1);
  note(`population of ${children} children`);
  const pop = buildPopulation(root.fork(1), { children, districts, start, end });
  const scen = buildScenarios(root.fork(2), pop.people, pop.households, {
    start,
    end,
    districts,
    victimMultiplier: profile.victimMultiplier,
  });
  const w: World = {
    seed: options.seed,
    start,
    end,
    districts: DISTRICTS.map((d) => ({ name: d.name, area: d.area, inArea: d.inArea })),
    inAreaDistricts: districts,
    households: pop.households,
    people: pop.people,
    schools: pop.schools,
    placements: pop.placements,
    places: scen.places,
    groups: scen.groups,
    victims: scen.victims,
    vehicleMakes: scen.vehicles,
  };
  note(`${scen.victims.length} victims in ${scen.groups.length} groups; generating events`);
  const store = new EventStore(root.fork(3));
  const evRng = root.fork(4);
  for (const p of w.people) if (p.kind === 'child' && p.offender < 0) backgroundEvents(evRng, store, w, p);
  for (const v of w.victims) victimEvents(evRng, store, w, v);
  for (const g of w.groups) groupEvents(evRng, store, w, g);
  backgroundIntelligence(evRng, store, w);
  note(`${store.count()} agency events; writing feeds`);
  mkdirSync(options.out, { recursive: true });
  const ctx = new FeedContext(w, options.out, root.fork(5));
  writePolice(ctx, store.byFeed);
  writeHealth(ctx, store.byFeed);
  writeSocialCare(ctx, store.byFeed);
  writeYotAndVoluntary(ctx, store.byFeed);
  note('writing attendance');
  const attendance = writeEducation(ctx, store);
  const counts = ctx.close();
  for (const [k, v] of writeTruth(w, options.out)) counts.set(k, v);
  const files = Object.fromEntries([...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  const summary: SimulationSummary = {
    seed: options.seed,
    profile: profileName,
    children,
    adults: w.people.filter((p) => p.kind === 'adult').length,
    households: w.households.length,
    schools: w.schools.length,
    victims: w.victims.length,
    recognisedVictims: w.victims.filter((v) => v.recognised >= 0).length,
    groups: w.groups.length,
    start: options.start ?? '2024-09-02',
    end: new Date(end * 86_400_000).toISOString().slice(0, 10),
    attendance,
    files,
    totalRows: Object.values(files).reduce((a, b) => a + b, 0),
  };
  writeFileSync(
    join(options.out, 'manifest.json'),
    `${JSON.stringify({ formatVersion: FORMAT_VERSION, ...summary }, null, 2)}\n`,
  );
  note(`done: ${summary.totalRows} rows`);
  return summary;
}
