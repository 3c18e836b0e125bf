// Health feeds: emergency department attendances and sexual-health attendances (NHS numbers mod 11).
import { dateTimeOf } from '../dates.ts';
import type { Feed, SimEvent } from '../events.ts';
import type { FeedContext } from './context.ts';

function sorted(events: readonly SimEvent[]): SimEvent[] {
  return [...events].sort((a, b) => a.day - b.day || a.minute - b.minute || a.tie - b.tie);
}

/**
 * Writes the health feeds.
 *
 * @example
 * writeHealth(ctx, store.byFeed);
 */
export function writeHealth(ctx: FeedContext, byFeed: ReadonlyMap<Feed, SimEvent[]>): void {
  const ed = ctx.file('health', 'ed_attendances', [
    'attendance_id',
    'site',
    'arrived_at',
    'nhs_number',
    'forename',
    'surname',
    'date_of_birth',
    'sex',
    'address_line1',
    'postcode',
    'phone',
    'reason',
    'accompanied_by',
  ]);
  sorted(byFeed.get('health/ed') ?? []).forEach((e, i) => {
    const p = ctx.w.people[e.subject]!;
    const key = `ED-${String(i + 1).padStart(7, '0')}`;
    const id = ctx.identity(p, e.day, 'ed');
    const site = ctx.w.districts[ctx.livesAt(p, e.day).district]!.name;
    ed.row([
      key,
      `${site} General Hospital`,
      dateTimeOf(e.day, e.minute),
      id.nhs,
      id.given,
      id.family,
      id.dob,
      id.sex,
      id.address.line1,
      id.postcode,
      id.phone,
      String(e.f.reason),
      String(e.f.accompanied),
    ]);
    ctx.record('health', 'ed_attendances', key, p, e.cause, id.noise);
  });
  const sh = ctx.file('health', 'sexual_health_attendances', [
    'attendance_id',
    'clinic',
    'attended_at',
    'nhs_number',
    'forename',
    'surname',
    'date_of_birth',
    'sex',
    'postcode',
    'phone',
    'attendance_type',
  ]);
  sorted(byFeed.get('health/sexual_health') ?? []).forEach((e, i) => {
    const p = ctx.w.people[e.subject]!;
    const key = `SH-${String(i + 1).padStart(7, '0')}`;
    const id = ctx.identity(p, e.day, 'sexual_health');
    sh.row([
      key,
      ctx.rng.pick(['Integrated Sexual Health Hub', "Young People's Clinic", 'Outreach Clinic']),
      dateTimeOf(e.day, e.minute),
      id.nhs,
      id.given,
      id.family,
      id.dob,
      id.sex,
      id.postcode,
      id.phone,
      String(e.f.type),
    ]);
    ctx.record('health', 'sexual_health_attendances', key, p, e.cause, id.noise);
  });
}

/**
 * Writes the youth offending and voluntary-sector referral feeds.
 *
 * @example
 * writeYotAndVoluntary(ctx, store.byFeed);
 */
export function writeYotAndVoluntary(ctx: FeedContext, byFeed: ReadonlyMap<Feed, SimEvent[]>): void {
  const yot = ctx.file('youth_offending', 'referrals', [
    'yot_ref',
    'referral_date',
    'forename',
    'surname',
    'date_of_birth',
    'sex',
    'address_line1',
    'postcode',
    'police_person_id',
    'intervention',
    'engagement',
  ]);
  sorted(byFeed.get('youth_offending/referral') ?? []).forEach((e, i) => {
    const p = ctx.w.people[e.subject]!;
    const key = `YOT-${String(i + 1).padStart(6, '0')}`;
    ctx.policeId(p, e.day);
    const id = ctx.identity(p, e.day, 'yot');
    yot.row([
      key,
      dateTimeOf(e.day, e.minute).slice(0, 10),
      id.given,
      id.family,
      id.dob,
      id.sex,
      id.address.line1,
      id.postcode,
      id.policeId,
      String(e.f.intervention),
      String(e.f.engagement),
    ]);
    ctx.record('youth_offending', 'referrals', key, p, e.cause, id.noise);
  });
  const vol = ctx.file('voluntary', 'referrals', [
    'case_ref',
    'referral_date',
    'known_as',
    'surname',
    'date_of_birth',
    'sex',
    'postcode',
    'phone',
    'referrer',
    'service',
    'engagement',
    'sessions_attended',
  ]);
  sorted(byFeed.get('voluntary/referral') ?? []).forEach((e, i) => {
    const p = ctx.w.people[e.subject]!;
    const key = `VOL-${String(i + 1).padStart(5, '0')}`;
    const id = ctx.identity(p, e.day, 'voluntary');
    vol.row([
      key,
      dateTimeOf(e.day, e.minute).slice(0, 10),
      id.given,
      id.family,
      id.dob,
      id.sex,
      id.postcode,
      id.phone,
      String(e.f.referrer),
      String(e.f.service),
      String(e.f.engagement),
      Number(e.f.sessions),
    ]);
    ctx.record('voluntary', 'referrals', key, p, e.cause, id.noise);
  });
}
