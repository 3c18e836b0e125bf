// What happens to people during the simulated period, before any agency writes it down: one SimEvent per
// agency record to be produced. Background events occur at documented base rates for every child;
// exploitation events follow each victim's escalating trail (events-exploitation.ts).
import { ageOn } from './dates.ts';
import { PARAMETERS as P } from './parameters.ts';
import type { Rng } from './prng.ts';
import type { Person, World } from './types.ts';

export type Feed =
  | 'police/missing'
  | 'police/incident'
  | 'police/stop'
  | 'police/crime'
  | 'police/intelligence'
  | 'health/ed'
  | 'health/sexual_health'
  | 'social_care/referral'
  | 'social_care/missing'
  | 'education/suspension'
  | 'youth_offending/referral'
  | 'voluntary/referral';

export interface PartyRef {
  readonly person: number;
  readonly role: string;
}

export interface SimEvent {
  readonly feed: Feed;
  readonly day: number;
  readonly minute: number;
  /** The child (or adult) the record is about; -1 when none (intelligence about places only). */
  readonly subject: number;
  readonly cause: 'background' | 'exploitation';
  readonly f: Readonly<Record<string, string | number>>;
  readonly parties: readonly PartyRef[];
  /** Random tie-break so records on the same day are not in person order. */
  readonly tie: number;
}

export interface EventSink {
  add(e: Omit<SimEvent, 'tie' | 'parties'> & { parties?: readonly PartyRef[] }): void;
}

/** Collects events in memory by feed. Attendance marks are streamed separately and never held. */
export class EventStore implements EventSink {
  readonly byFeed = new Map<Feed, SimEvent[]>();
  /** Missing days per child (for attendance): person index -> set of day numbers. */
  readonly missingDays = new Map<number, Set<number>>();
  /** Suspension days per child: person index -> day -> 'E'. */
  readonly suspendedDays = new Map<number, Set<number>>();
  constructor(private readonly rng: Rng) {}

  add(e: Omit<SimEvent, 'tie' | 'parties'> & { parties?: readonly PartyRef[] }): void {
    const list = this.byFeed.get(e.feed) ?? [];
    list.push({ ...e, parties: e.parties ?? [], tie: this.rng.u32() });
    this.byFeed.set(e.feed, list);
  }

  markDays(map: Map<number, Set<number>>, person: number, from: number, to: number): void {
    const set = map.get(person) ?? new Set<number>();
    for (let d = from; d <= to; d += 1) set.add(d);
    map.set(person, set);
  }

  count(): number {
    let n = 0;
    for (const l of this.byFeed.values()) n += l.length;
    return n;
  }
}

/** Poisson number of events over the period for a yearly rate. */
export function periodCount(rng: Rng, perYear: number, w: World): number {
  return rng.poisson((perYear * (w.end - w.start)) / 365);
}

/** A random day in the period and a plausible minute of the day (evenings and nights more likely). */
export function when(rng: Rng, w: World, from = w.start, to = w.end - 1): [number, number] {
  const day = rng.range(from, Math.max(from, to));
  const hour = rng.chance(0.6) ? rng.range(16, 23) : rng.range(0, 23);
  return [day, hour * 60 + rng.int(60)];
}

/** The adults in a child's household (carers who report missing, accompany to ED). */
export function carersOf(w: World, child: Person): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, child.index - 8); i < child.index; i += 1) {
    const p = w.people[i]!;
    if (p.kind === 'adult' && p.household === child.household) out.push(i);
  }
  return out;
}

export const FOUND_LOCATIONS = [
  'friend_address',
  'street',
  'town_centre',
  'relative_address',
  'park',
  'returned_self',
];
const ED_OTHER = ['injury', 'illness'];
const SH_TYPES = [
  'contraception',
  'sti_test',
  'contraception',
  'sti_test',
  'emergency_contraception',
  'pregnancy_test',
];
const REFERRAL_SOURCES = ['2A', '6', '3A', '1A', '5D', '3E', '4', '8', '2B', '1C', '9'];
const REFERRAL_WEIGHTS = [0.19, 0.29, 0.08, 0.08, 0.06, 0.05, 0.03, 0.1, 0.02, 0.03, 0.07];
const FACTORS = [
  '3B',
  '3A',
  '4B',
  '4A',
  '1B',
  '2B',
  '16A',
  '17A',
  '18B',
  '5A',
  '6A',
  '14A',
  '15A',
  '10A',
  '2A',
  '1A',
  '13A',
  '21',
];

function pickWeighted<T>(rng: Rng, items: readonly T[], weights: readonly number[]): T {
  let r = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i += 1) {
    r -= weights[i]!;
    if (r <= 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

/**
 * A referral to children's social care (and, unless no further action, its assessment factors).
 *
 * @example
 * addReferral(rng, sink, world, child, day, 'background', '6', ['10A']);
 */
export function addReferral(
  rng: Rng,
  sink: EventSink,
  child: Person,
  day: number,
  cause: SimEvent['cause'],
  source: string | undefined,
  factors: readonly string[] | undefined,
): void {
  const nfa = factors === undefined && rng.chance(P.background.referralNoFurtherAction.value);
  const chosen =
    factors ?? Array.from(new Set(Array.from({ length: 1 + rng.int(3) }, () => rng.pick(FACTORS))));
  sink.add({
    feed: 'social_care/referral',
    day,
    minute: rng.range(540, 1020),
    subject: child.index,
    cause,
    f: {
      source: source ?? pickWeighted(rng, REFERRAL_SOURCES, REFERRAL_WEIGHTS),
      nfa: nfa ? 'Y' : 'N',
      assessment_start: nfa ? -1 : day + rng.range(1, 10),
      assessment_days: rng.range(10, 45),
      factors: nfa ? '' : [...chosen].sort().join(';'),
    },
  });
}

/**
 * Background events for one child at the documented base rates (no exploitation).
 *
 * @example
 * backgroundEvents(rng, store, world, child);
 */
export function backgroundEvents(rng: Rng, sink: EventStore, w: World, c: Person): void {
  const age = ageOn(c.dob, w.start);
  const B = P.background;
  const teen = age >= 10;
  const missingRate = c.lookedAfter ? B.missingLookedAfter.value : teen ? B.missingChild.value : 0.001;
  if (rng.chance(((missingRate * (w.end - w.start)) / 365) * (c.missingHistory ? 3 : 1))) {
    const mean = c.lookedAfter ? B.episodesPerMissingLookedAfter.value : B.episodesPerMissingChild.value;
    const n = 1 + rng.poisson(mean - 1);
    for (let k = 0; k < n; k += 1) addMissing(rng, sink, w, c, 'background', -1, -1);
  }
  const edN = periodCount(rng, B.edAny.value, w);
  for (let k = 0; k < edN; k += 1) {
    const [day, minute] = when(rng, w);
    sink.add({
      feed: 'health/ed',
      day,
      minute,
      subject: c.index,
      cause: 'background',
      f: { reason: rng.pick(ED_OTHER), accompanied: 'parent_carer' },
    });
  }
  if (age >= 12) {
    for (const [reason, rate] of [
      ['intoxication', B.edIntoxication],
      ['assault', B.edAssault],
      ['self_harm', B.edSelfHarm],
      ['overdose', B.edOverdose],
    ] as const) {
      const n = periodCount(rng, rate.value, w);
      for (let k = 0; k < n; k += 1) {
        const [day, minute] = when(rng, w);
        sink.add({
          feed: 'health/ed',
          day,
          minute,
          subject: c.index,
          cause: 'background',
          f: { reason, accompanied: rng.pick(['parent_carer', 'friend', 'alone', 'police']) },
        });
      }
    }
  }
  if (age >= 13) {
    const n = periodCount(
      rng,
      c.sex === 'F' ? B.sexualHealthGirl13to17.value : B.sexualHealthBoy13to17.value,
      w,
    );
    for (let k = 0; k < n; k += 1) {
      const [day, minute] = when(rng, w);
      sink.add({
        feed: 'health/sexual_health',
        day,
        minute: 540 + (minute % 540),
        subject: c.index,
        cause: 'background',
        f: { type: c.sex === 'F' ? rng.pick(SH_TYPES) : 'sti_test' },
      });
    }
  }
  if (teen) {
    for (let k = periodCount(rng, B.policeIncident.value, w); k > 0; k -= 1) {
      const [day, minute] = when(rng, w);
      const other = randomPerson(rng, w, 'child');
      sink.add({
        feed: 'police/incident',
        day,
        minute,
        subject: c.index,
        cause: 'background',
        f: {
          type: rng.pick([
            'antisocial_behaviour',
            'concern_for_welfare',
            'assault',
            'criminal_damage',
            'domestic',
          ]),
          place: '',
        },
        parties: [
          { person: c.index, role: rng.pick(['subject', 'victim', 'witness', 'suspect']) },
          { person: other, role: rng.pick(['associate', 'suspect', 'witness']) },
        ],
      });
    }
    for (let k = periodCount(rng, B.foundInCompany.value, w); k > 0; k -= 1) {
      const [day, minute] = when(rng, w);
      const adult = randomPerson(rng, w, 'adult');
      sink.add({
        feed: 'police/stop',
        day,
        minute,
        subject: c.index,
        cause: 'background',
        f: { vrm: '', place: '' },
        parties: [
          { person: c.index, role: 'subject' },
          { person: adult, role: 'associate' },
        ],
      });
    }
    for (let k = periodCount(rng, B.crimeVictim.value, w); k > 0; k -= 1) {
      const [day, minute] = when(rng, w);
      sink.add({
        feed: 'police/crime',
        day,
        minute,
        subject: c.index,
        cause: 'background',
        f: {
          offence: rng.pick([
            'theft',
            'assault',
            'robbery',
            'harassment',
            'criminal_damage',
            'malicious_communications',
          ]),
          cse: 'N',
          place: '',
        },
        parties: [{ person: c.index, role: 'victim' }],
      });
    }
    if (rng.chance(B.yotReferral.value * ((w.end - w.start) / 365))) {
      const [day] = when(rng, w);
      sink.add({
        feed: 'youth_offending/referral',
        day,
        minute: 600,
        subject: c.index,
        cause: 'background',
        f: {
          intervention: rng.pick(['out_of_court_disposal', 'referral_order', 'youth_caution', 'prevention']),
          engagement: rng.pick(['engaged', 'partial', 'disengaged']),
        },
      });
    }
    if (rng.chance(B.voluntaryReferral.value * ((w.end - w.start) / 365))) {
      const [day] = when(rng, w);
      sink.add({
        feed: 'voluntary/referral',
        day,
        minute: 600,
        subject: c.index,
        cause: 'background',
        f: {
          service: 'emotional_wellbeing',
          referrer: rng.pick(['school', 'gp', 'self', 'social_care']),
          engagement: rng.pick(['engaged', 'partial']),
          sessions: rng.range(1, 8),
        },
      });
    }
  }
  if (rng.chance(B.referralAllAges.value * ((w.end - w.start) / 365) * (c.cin ? 1.5 : 1))) {
    const [day] = when(rng, w);
    addReferral(rng, sink, c, day, 'background', undefined, undefined);
  }
  if (c.school >= 0 && age >= 5) {
    const A = P.attendance;
    if (rng.chance(A.suspensionPerPupilYear.value * ((w.end - w.start) / 365) * (age >= 11 ? 1.8 : 0.3))) {
      addSuspension(rng, sink, w, c, 'background', false);
    } else if (age >= 11 && rng.chance(A.permanentExclusionPerPupilYear.value * 1.5)) {
      addSuspension(rng, sink, w, c, 'background', true);
    }
  }
}

/** A random person of a kind (for other parties in incidents). */
export function randomPerson(rng: Rng, w: World, kind: Person['kind']): number {
  for (;;) {
    const p = w.people[rng.int(w.people.length)]!;
    if (p.kind === kind && p.offender < 0) return p.index;
  }
}

/** A school suspension or permanent exclusion on a school day, marking the days for attendance. */
export function addSuspension(
  rng: Rng,
  sink: EventStore,
  w: World,
  c: Person,
  cause: SimEvent['cause'],
  permanent: boolean,
  from = w.start,
): void {
  let day = rng.range(from, Math.max(from, w.end - 10));
  while ((day + 3) % 7 >= 5) day += 1;
  const days = permanent ? 0 : rng.pick([1, 1, 1, 2, 2, 3, 5]);
  sink.add({
    feed: 'education/suspension',
    day,
    minute: 600,
    subject: c.index,
    cause,
    f: {
      category: permanent ? 'PERMANENT' : 'SUSPENSION',
      days,
      reason: rng.pick(['PP', 'VP', 'VA', 'DB', 'DM', 'BU', 'DA', 'OW']),
    },
  });
  if (days > 0) sink.markDays(sink.suspendedDays, c.index, day, day + days + (days > 2 ? 2 : 0));
}

/**
 * A missing episode: the police report (with reporter and where found), the return interview, and for
 * a looked-after child the SSDA903 missing record.
 *
 * @example
 * addMissing(rng, store, world, child, 'background', -1, -1);
 */
export function addMissing(
  rng: Rng,
  sink: EventStore,
  w: World,
  c: Person,
  cause: SimEvent['cause'],
  foundWith: number,
  foundPlace: number,
  from = w.start,
): void {
  const [day, minute] = when(rng, w, from);
  const hours = rng.chance(0.7) ? rng.range(2, 24) : rng.range(24, 96);
  const endMinute = day * 1440 + minute + hours * 60;
  const carers = carersOf(w, c);
  const reporter = c.lookedAfter || carers.length === 0 ? -1 : rng.pick(carers);
  const parties: PartyRef[] = [{ person: c.index, role: 'missing_person' }];
  if (reporter >= 0) parties.push({ person: reporter, role: 'reporter' });
  if (foundWith >= 0) parties.push({ person: foundWith, role: 'found_with' });
  const place = foundPlace >= 0 ? w.places[foundPlace] : undefined;
  sink.add({
    feed: 'police/missing',
    day,
    minute,
    subject: c.index,
    cause,
    parties,
    f: {
      end: endMinute,
      found: place !== undefined ? place.kind : rng.pick(FOUND_LOCATIONS),
      found_postcode: place?.address.postcode ?? '',
      risk:
        cause === 'exploitation'
          ? rng.pick(['medium', 'high', 'medium'])
          : rng.pick(['low', 'medium', 'medium', 'high']),
      rhi: rng.chance(0.7) ? Math.floor(endMinute / 1440) + rng.range(1, 5) : -1,
      placement_staff: c.lookedAfter ? 'Y' : 'N',
    },
  });
  sink.markDays(sink.missingDays, c.index, day, Math.floor(endMinute / 1440));
  if (c.lookedAfter && day >= c.lookedAfterFrom) {
    sink.add({
      feed: 'social_care/missing',
      day,
      minute,
      subject: c.index,
      cause,
      f: { kind: 'M', end: endMinute },
    });
  }
}
