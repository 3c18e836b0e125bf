// Children's social care feeds: the child register (person-bearing), referrals with CIN census sources,
// assessments with CIN census factors, CIN/CP/looked-after status episodes, placements (SSDA903 types)
// and SSDA903-style missing (M) and away (A) episodes.
import { dateTimeOf, isoOf } from '../dates.ts';
import type { Feed, SimEvent } from '../events.ts';
import type { Person } from '../types.ts';
import type { FeedContext } from './context.ts';

function sorted(events: readonly SimEvent[]): SimEvent[] {
  return [...events].sort((a, b) => a.day - b.day || a.minute - b.minute || a.tie - b.tie);
}

/**
 * Writes the social-care feeds.
 *
 * @example
 * writeSocialCare(ctx, store.byFeed);
 */
export function writeSocialCare(ctx: FeedContext, byFeed: ReadonlyMap<Feed, SimEvent[]>): void {
  const { w, rng } = ctx;
  const firstContact = new Map<number, number>();
  for (const p of w.people) {
    if (p.kind === 'child' && (p.cin || p.cp || (p.lookedAfter && p.lookedAfterFrom < w.start))) {
      ctx.laChildId(p);
      firstContact.set(
        p.index,
        Math.min(p.lookedAfterFrom >= 0 ? p.lookedAfterFrom : w.start, w.start - rng.range(30, 900)),
      );
    }
  }
  const statuses = ctx.file('social_care', 'statuses', [
    'la_child_id',
    'status',
    'start_date',
    'end_date',
    'closure_reason',
  ]);
  for (const p of w.people) {
    if (p.laChildId === '') continue;
    const from = firstContact.get(p.index)!;
    if (p.lookedAfter && p.lookedAfterFrom < w.start) {
      statuses.row([p.laChildId, 'LAC', isoOf(p.lookedAfterFrom), '', '']);
    } else if (p.cp) statuses.row([p.laChildId, 'CP', isoOf(from), '', '']);
    if (p.cin && !(p.lookedAfter && p.lookedAfterFrom < w.start)) {
      const closes = rng.chance(0.3) ? rng.range(w.start, w.end - 1) : -1;
      statuses.row([
        p.laChildId,
        'CIN',
        isoOf(from),
        closes >= 0 ? isoOf(closes) : '',
        closes >= 0 ? rng.pick(['RC7', 'RC7', 'RC5', 'RC9']) : '',
      ]);
    }
  }
  const referrals = ctx.file('social_care', 'referrals', [
    'referral_id',
    'la_child_id',
    'referral_date',
    'referral_source',
    'no_further_action',
  ]);
  const assessments = ctx.file('social_care', 'assessments', [
    'assessment_id',
    'referral_id',
    'la_child_id',
    'start_date',
    'authorised_date',
    'factors',
  ]);
  let asm = 0;
  const causes = new Map<number, string>();
  sorted(byFeed.get('social_care/referral') ?? []).forEach((e, i) => {
    const p = w.people[e.subject]!;
    const la = ctx.laChildId(p);
    if (!firstContact.has(p.index)) firstContact.set(p.index, e.day);
    if (e.cause === 'exploitation') causes.set(p.index, 'exploitation');
    const rid = `REF-${String(i + 1).padStart(6, '0')}`;
    referrals.row([rid, la, isoOf(e.day), String(e.f.source), String(e.f.nfa)]);
    const start = Number(e.f.assessment_start);
    if (start >= 0) {
      asm += 1;
      const done = start + Number(e.f.assessment_days);
      assessments.row([
        `ASM-${String(asm).padStart(6, '0')}`,
        rid,
        la,
        isoOf(start),
        done < w.end ? isoOf(done) : '',
        String(e.f.factors),
      ]);
      const factors = String(e.f.factors);
      if (done < w.end && (factors.includes('11A') || rng.chance(0.3)) && !p.cin) {
        p.cin = true;
        statuses.row([la, 'CIN', isoOf(done), '', '']);
      }
    }
  });
  for (const p of w.people) {
    if (p.lookedAfter && p.lookedAfterFrom >= w.start && p.lookedAfterFrom < w.end) {
      ctx.laChildId(p);
      if (!firstContact.has(p.index)) firstContact.set(p.index, p.lookedAfterFrom);
      statuses.row([p.laChildId, 'LAC', isoOf(p.lookedAfterFrom), '', '']);
    }
  }
  const placements = ctx.file('social_care', 'placements', [
    'la_child_id',
    'placement_start',
    'placement_type',
    'postcode',
    'out_of_area',
  ]);
  const missing = ctx.file('social_care', 'missing', ['la_child_id', 'missing', 'mis_start', 'mis_end']);
  const episodes: [number, string, string, string, string][] = [];
  for (const e of byFeed.get('social_care/missing') ?? []) {
    const end = Number(e.f.end);
    episodes.push([
      e.day * 1440 + e.minute,
      ctx.laChildId(w.people[e.subject]!),
      'M',
      dateTimeOf(e.day, e.minute),
      dateTimeOf(Math.floor(end / 1440), end % 1440),
    ]);
  }
  for (const p of w.people) {
    if (!p.lookedAfter || p.placement < 0 || p.lookedAfterFrom >= w.end) continue;
    const pl = w.placements[p.placement]!;
    placements.row([p.laChildId, isoOf(pl.start), pl.kind, pl.address.postcode, pl.outOfArea ? 'Y' : 'N']);
    for (let k = rng.poisson(((w.end - w.start) / 365) * 0.8); k > 0; k -= 1) {
      const day = rng.range(Math.max(w.start, p.lookedAfterFrom), w.end - 1);
      const m = rng.range(17, 23) * 60;
      episodes.push([
        day * 1440 + m,
        p.laChildId,
        'A',
        dateTimeOf(day, m),
        dateTimeOf(day + 1, rng.range(0, 600)),
      ]);
    }
  }
  episodes.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
  for (const ep of episodes) missing.row([ep[1], ep[2], ep[3], ep[4]]);

  const children = ctx.file('social_care', 'children', [
    'la_child_id',
    'forename',
    'surname',
    'date_of_birth',
    'sex',
    'ethnicity',
    'upn',
    'nhs_number',
    'address_line1',
    'town',
    'postcode',
    'first_contact_date',
  ]);
  const known: Person[] = w.people
    .filter((p) => p.laChildId !== '')
    .sort((a, b) => (a.laChildId < b.laChildId ? -1 : 1));
  for (const p of known) {
    const day = Math.max(firstContact.get(p.index) ?? w.start, p.dob);
    const id = ctx.identity(p, day, 'social_care');
    const ethnicity = rng.chance(0.04) ? 'NOBT' : p.ethnicity;
    children.row([
      p.laChildId,
      id.given,
      id.family,
      id.dob,
      id.sex,
      ethnicity,
      id.upn,
      id.nhs,
      id.address.line1,
      id.address.town,
      id.postcode,
      isoOf(day),
    ]);
    ctx.record(
      'social_care',
      'children',
      p.laChildId,
      p,
      causes.get(p.index) ?? (p.victim >= 0 ? 'exploitation' : 'background'),
      id.noise,
    );
  }
}
