// Ground truth in DIR/truth/: every person, every household address, victims, groups and their members,
// places, vehicles and phones. records.csv (every person-bearing source record -> true person) is
// written while the feeds are written (feeds/context.ts).
import { join } from 'node:path';
import { isoOf } from './dates.ts';
import type { World } from './types.ts';
import { CsvFile } from './writer.ts';

/**
 * Writes the truth files other than records.csv; returns row counts by file.
 *
 * @example
 * writeTruth(world, '/tmp/sim');
 */
export function writeTruth(w: World, out: string): Map<string, number> {
  const counts = new Map<string, number>();
  const open = (name: string, cols: readonly string[]): CsvFile =>
    new CsvFile(join(out, 'truth', `${name}.csv`), cols);
  const persons = open('persons', [
    'person_id',
    'kind',
    'given_name',
    'family_name',
    'date_of_birth',
    'sex',
    'ethnicity',
    'nhs_number',
    'upn',
    'la_child_id',
    'police_person_id',
    'phone',
    'household_id',
    'sen_provision',
    'looked_after_from',
    'placement_postcode',
    'missing_history',
    'victim',
    'offender_group',
  ]);
  for (const p of w.people) {
    const pl = p.placement >= 0 ? w.placements[p.placement]! : undefined;
    persons.row([
      p.pid,
      p.kind,
      p.given,
      p.family,
      isoOf(p.dob),
      p.sex,
      p.ethnicity,
      p.nhs,
      p.upn,
      p.laChildId,
      p.policeId,
      p.phone,
      `H${p.household + 1}`,
      p.kind === 'child' ? p.sen : '',
      p.lookedAfter ? isoOf(p.lookedAfterFrom) : '',
      pl?.address.postcode ?? '',
      p.missingHistory ? 'Y' : 'N',
      p.victim >= 0 ? 'Y' : 'N',
      p.offender >= 0 ? w.groups[p.offender]!.id : '',
    ]);
  }
  const addresses = open('addresses', ['household_id', 'from_date', 'address_line1', 'town', 'postcode']);
  for (const h of w.households) {
    for (const r of h.residences) {
      addresses.row([`H${h.id + 1}`, isoOf(r.from), r.address.line1, r.address.town, r.address.postcode]);
    }
  }
  const victims = open('victims', [
    'person_id',
    'group_id',
    'model',
    'exploitation_start',
    'first_recognised',
    'recognised_by',
    'looked_after',
    'missing_history',
  ]);
  for (const v of w.victims) {
    const p = w.people[v.person]!;
    const g = w.groups[v.group]!;
    victims.row([
      p.pid,
      g.id,
      g.model,
      isoOf(v.start),
      v.recognised >= 0 ? isoOf(v.recognised) : '',
      v.recognisedBy,
      p.lookedAfter && p.lookedAfterFrom <= v.start ? 'Y' : 'N',
      p.missingHistory ? 'Y' : 'N',
    ]);
  }
  const groups = open('groups', ['group_id', 'model', 'members', 'victims', 'active_from']);
  const members = open('group_members', ['group_id', 'person_id', 'kind']);
  const objects = open('group_objects', ['group_id', 'kind', 'value', 'detail', 'person_id']);
  w.groups.forEach((g, gi) => {
    groups.row([
      g.id,
      g.model,
      g.members.length,
      w.victims.filter((v) => v.group === gi).length,
      isoOf(g.activeFrom),
    ]);
    for (const m of g.members) members.row([g.id, w.people[m]!.pid, w.people[m]!.kind]);
    for (const pl of g.places) {
      objects.row([g.id, 'place', w.places[pl]!.id, `${w.places[pl]!.kind}: ${w.places[pl]!.name}`, '']);
    }
    for (const v of g.vehicles) objects.row([g.id, 'vehicle', v, w.vehicleMakes.get(v) ?? '', '']);
    g.phones.forEach((list, mi) => {
      for (const ph of list) objects.row([g.id, 'phone', ph, '', w.people[g.members[mi]!]!.pid]);
    });
  });
  const places = open('places', ['place_id', 'kind', 'name', 'address_line1', 'town', 'postcode']);
  for (const pl of w.places) {
    places.row([pl.id, pl.kind, pl.name, pl.address.line1, pl.address.town, pl.address.postcode]);
  }
  for (const f of [persons, addresses, victims, groups, members, objects, places]) {
    f.close();
    counts.set(`truth/${f.path.split('/').pop()!.replace('.csv', '')}`, f.rows);
  }
  return counts;
}
