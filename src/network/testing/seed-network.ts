/**
 * Test fixture: a synthetic network recorded by one agency (invented names, fictional places inside the
 * demonstration area's GeoJSON box near 0°, 0° in open sea): groups of adults of concern with children
 * at risk at hotels and takeaways, sharing vehicles; and optionally a large web of extra links so a link
 * chart reaches 2,000 nodes. Direct inserts: this is a fixture, not a product path.
 */
import type { Db } from '../../platform/database/index.ts';
import { newId } from '../../platform/ids/ids.ts';

export interface SeededNetwork {
  groups: { adults: string[]; children: string[]; place: string; vehicle: string }[];
  places: string[];
}

/**
 * @example
 * const seeded = await seedNetwork(db, partnershipId, policeAgencyId, { groups: 3 });
 */
export async function seedNetwork(
  db: Db,
  partnershipId: string,
  agencyId: string,
  options: { groups?: number; extraPersons?: number } = {},
): Promise<SeededNetwork> {
  const person = async (
    kind: 'child' | 'adult_of_concern',
    given: string,
    family: string,
  ): Promise<string> => {
    const id = newId();
    await db
      .insertInto('person')
      .values({
        id,
        partnership_id: partnershipId,
        kind,
        given_name: given,
        middle_names: null,
        family_name: family,
        date_of_birth: kind === 'child' ? '2010-05-01' : '1985-05-01',
        sex: 'not_known',
        ethnicity_dfe: null,
        ethnicity_police_self_defined: null,
        ethnicity_police_officer_defined: null,
        nationality: null,
        disability: null,
        special_educational_needs: null,
        merged_into: null,
      })
      .execute();
    return id;
  };
  let day = 0;
  const event = async (
    parties: [string, 'victim' | 'suspect' | 'associate'][],
    place: string | null,
    objects: string[],
  ) => {
    const id = newId();
    day += 1;
    await db
      .insertInto('event')
      .values({
        id,
        partnership_id: partnershipId,
        agency_id: agencyId,
        type: 'police_incident',
        occurred_at: new Date(Date.UTC(2025, 2, 1 + (day % 20), 22)),
        occurred_until: null,
        location_id: place,
        narrative: null,
        source_record_id: null,
        recorded_by: null,
      })
      .execute();
    for (const [p, role] of parties) {
      await db
        .insertInto('event_party')
        .values({ id: newId(), partnership_id: partnershipId, event_id: id, person_id: p, role })
        .execute();
    }
    for (const o of objects) {
      await db
        .insertInto('event_object')
        .values({ id: newId(), partnership_id: partnershipId, event_id: id, object_id: o })
        .execute();
    }
  };
  const names = ['Ashby', 'Brindle', 'Corran', 'Dovey', 'Ellery', 'Fenwick', 'Garside', 'Hollis'];
  const seeded: SeededNetwork = { groups: [], places: [] };
  const groups = options.groups ?? 3;
  for (let g = 0; g < groups; g++) {
    const place = newId();
    await db
      .insertInto('location')
      .values({
        id: place,
        partnership_id: partnershipId,
        kind: g % 2 === 0 ? 'hotel' : 'takeaway',
        name: g % 2 === 0 ? `Moorside Hotel ${g + 1}` : `Late Bites ${g + 1}`,
        address: null,
        postcode: `QC${g + 1} 5PY`,
        latitude: 0.05 + 0.08 * (g % 3),
        longitude: 0.06 + 0.11 * g,
      })
      .execute();
    const vehicle = newId();
    await db
      .insertInto('object')
      .values({
        id: vehicle,
        partnership_id: partnershipId,
        kind: 'vehicle',
        value: `QX${10 + g} ABC`,
        normalised_value: `QX${10 + g}ABC`,
        description: 'Silver hatchback',
      })
      .execute();
    const adults = [];
    const children = [];
    for (let a = 0; a < 3; a++) {
      adults.push(
        await person('adult_of_concern', ['Dean', 'Carl', 'Wes'][a]!, names[(g + a) % names.length]!),
      );
    }
    for (let c = 0; c < 3; c++) {
      children.push(
        await person('child', ['Mia', 'Tia', 'Kay'][c]!, `${names[(g + c + 3) % names.length]!}-${g + 1}`),
      );
    }
    for (let k = 0; k < 6; k++) {
      await event(
        [
          [children[k % 3]!, 'victim'],
          [adults[k % 3]!, 'suspect'],
          [adults[(k + 1) % 3]!, 'associate'],
        ],
        place,
        k % 2 === 0 ? [vehicle] : [],
      );
    }
    seeded.groups.push({ adults, children, place, vehicle });
    seeded.places.push(place);
  }
  // A large web around the first group's first adult, for the 2,000-node chart.
  const extra = options.extraPersons ?? 0;
  const hub = seeded.groups[0]?.adults[0];
  if (hub !== undefined) {
    let previous = hub;
    for (let i = 0; i < extra; i++) {
      const p = await person(i % 4 === 0 ? 'adult_of_concern' : 'child', 'Test', `Web${i}`);
      await event(
        [
          [i % 3 === 0 ? hub : previous, 'associate'],
          [p, 'associate'],
        ],
        null,
        [],
      );
      previous = p;
    }
  }
  return seeded;
}
