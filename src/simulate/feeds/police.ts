// Police feeds: missing reports, incidents, stops (found in company), crimes with a CSE flag, graded
// intelligence, vehicles; every person in any of them is a row of parties.csv (the person-bearing file).
import { dateTimeOf, isoOf } from '../dates.ts';
import type { Feed, SimEvent } from '../events.ts';
import type { Person } from '../types.ts';
import type { FeedContext } from './context.ts';

const PARTY_COLUMNS = [
  'party_id',
  'record_type',
  'record_id',
  'role',
  'forename',
  'surname',
  'date_of_birth',
  'sex',
  'address_line1',
  'town',
  'postcode',
  'phone',
  'police_person_id',
];

function sorted(events: readonly SimEvent[]): SimEvent[] {
  return [...events].sort((a, b) => a.day - b.day || a.minute - b.minute || a.tie - b.tie);
}

/**
 * Writes every police feed from the collected events.
 *
 * @example
 * writePolice(ctx, store.byFeed);
 */
export function writePolice(ctx: FeedContext, byFeed: ReadonlyMap<Feed, SimEvent[]>): void {
  const parties = ctx.file('police', 'parties', PARTY_COLUMNS);
  let partySeq = 0;
  const vehicles = new Map<string, number>();
  const writeParties = (e: SimEvent, recordType: string, recordId: string): void => {
    for (const pr of e.parties) {
      const p: Person = ctx.w.people[pr.person]!;
      ctx.policeId(p, e.day);
      const id = ctx.identity(p, e.day, 'police');
      partySeq += 1;
      const key = `PTY-${String(partySeq).padStart(7, '0')}`;
      parties.row([
        key,
        recordType,
        recordId,
        pr.role,
        id.given,
        id.family.toUpperCase(),
        id.dob,
        id.sex,
        id.address.line1,
        id.address.town,
        id.postcode,
        id.phone,
        id.policeId,
      ]);
      ctx.record('police', 'parties', key, p, e.cause, id.noise);
    }
  };
  const seen = (vrm: string, day: number): void => {
    if (vrm !== '' && !vehicles.has(vrm)) vehicles.set(vrm, day);
  };

  const missing = ctx.file('police', 'missing_reports', [
    'report_id',
    'reported_at',
    'found_at',
    'found_location',
    'found_postcode',
    'risk_level',
    'return_interview_date',
    'reported_by',
  ]);
  sorted(byFeed.get('police/missing') ?? []).forEach((e, i) => {
    const id = `MPR-${String(i + 1).padStart(6, '0')}`;
    const end = Number(e.f.end);
    const rhi = Number(e.f.rhi);
    missing.row([
      id,
      dateTimeOf(e.day, e.minute),
      dateTimeOf(Math.floor(end / 1440), end % 1440),
      String(e.f.found),
      String(e.f.found_postcode),
      String(e.f.risk),
      rhi >= 0 ? isoOf(rhi) : '',
      e.f.placement_staff === 'Y'
        ? 'placement_staff'
        : e.parties.length > 1 && e.parties[1]!.role === 'reporter'
          ? 'parent_carer'
          : 'other',
    ]);
    writeParties(e, 'missing_report', id);
  });

  const incidents = ctx.file('police', 'incidents', [
    'incident_id',
    'occurred_at',
    'incident_type',
    'location_kind',
    'location_name',
    'postcode',
  ]);
  sorted(byFeed.get('police/incident') ?? []).forEach((e, i) => {
    const id = `INC-${String(i + 1).padStart(6, '0')}`;
    const [kind, name, pc] = ctx.location(e.f.place, ctx.w.people[e.subject], e.day);
    incidents.row([id, dateTimeOf(e.day, e.minute), String(e.f.type), kind, name, pc]);
    writeParties(e, 'incident', id);
  });

  const stops = ctx.file('police', 'stops', [
    'stop_id',
    'occurred_at',
    'location_kind',
    'location_name',
    'postcode',
    'vrm',
    'reason',
  ]);
  sorted(byFeed.get('police/stop') ?? []).forEach((e, i) => {
    const id = `STP-${String(i + 1).padStart(6, '0')}`;
    const [kind, name, pc] = ctx.location(e.f.place, ctx.w.people[e.subject], e.day);
    const vrm = String(e.f.vrm);
    seen(vrm, e.day);
    const child = e.parties.some((p) => ctx.w.people[p.person]!.kind === 'child');
    stops.row([
      id,
      dateTimeOf(e.day, e.minute),
      vrm !== '' ? 'vehicle' : kind,
      name,
      pc,
      vrm,
      child ? 'child_in_company_of_adults' : 'vehicle_stop',
    ]);
    writeParties(e, 'stop', id);
  });

  const crimes = ctx.file('police', 'crimes', [
    'crime_id',
    'recorded_at',
    'offence',
    'cse_flag',
    'location_kind',
    'location_name',
    'postcode',
  ]);
  sorted(byFeed.get('police/crime') ?? []).forEach((e, i) => {
    const id = `CRM-${String(i + 1).padStart(6, '0')}`;
    const [kind, name, pc] = ctx.location(e.f.place, ctx.w.people[e.subject], e.day);
    crimes.row([id, dateTimeOf(e.day, e.minute), String(e.f.offence), String(e.f.cse), kind, name, pc]);
    writeParties(e, 'crime', id);
  });

  const intel = ctx.file('police', 'intelligence', [
    'intel_id',
    'recorded_at',
    'source_evaluation',
    'intelligence_assessment',
    'handling_code',
    'vrm',
    'phone',
    'location_kind',
    'location_name',
    'postcode',
    'text',
  ]);
  sorted(byFeed.get('police/intelligence') ?? []).forEach((e, i) => {
    const id = `INT-${String(i + 1).padStart(6, '0')}`;
    const place = Number(e.f.place);
    const [kind, name, pc] = place >= 0 ? ctx.location(place, undefined, e.day) : ['', '', ''];
    const vrm = String(e.f.vrm);
    seen(vrm, e.day);
    const kids = e.parties.filter((p) => p.role === 'child_at_risk').length;
    const text =
      e.cause === 'exploitation'
        ? `Information that the subject${e.parties.length > 1 ? ' and associates' : ''}${kids > 0 ? ` ${kids > 1 ? 'are' : 'is'} giving lifts, alcohol and gifts to a child` : ' are meeting young people'}${vrm !== '' ? ' using a vehicle' : ''}${place >= 0 ? ` at ${kind.replace('_', ' ')}` : ''}.`
        : 'Information that the subject is involved in the supply of controlled drugs.';
    intel.row([
      id,
      dateTimeOf(e.day, e.minute),
      String(e.f.source),
      String(e.f.assessment),
      String(e.f.handling),
      vrm,
      String(e.f.phone),
      kind,
      name,
      pc,
      text,
    ]);
    writeParties(e, 'intelligence', id);
  });

  const vf = ctx.file('police', 'vehicles', ['vrm', 'description', 'first_recorded']);
  for (const [vrm, day] of [...vehicles].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))) {
    vf.row([vrm, ctx.w.vehicleMakes.get(vrm) ?? '', isoOf(day)]);
  }
}
