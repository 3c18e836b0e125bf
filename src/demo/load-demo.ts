/**
 * Loads the built-in demo partnership into an empty database in one transaction. Running it again
 * changes nothing (it finds the partnership and stops).
 */
import { hashPassword } from '../access/index.ts';
import type { Db } from '../platform/database/index.ts';
import { newId } from '../platform/ids/ids.ts';
import {
  DEMO_AGENCIES,
  DEMO_CONCERNS,
  DEMO_EVENTS,
  DEMO_INTELLIGENCE,
  DEMO_PARTNERSHIP,
  DEMO_PASSWORD,
  DEMO_PEOPLE,
  DEMO_USERS,
} from './demo-data.ts';

export interface DemoSummary {
  loaded: boolean;
  partnershipId: string;
  agencies: number;
  users: number;
  people: number;
  events: number;
}

/**
 * Loads the demo partnership unless it is already there.
 *
 * @example
 * const summary = await loadDemoPartnership(db);
 */
export async function loadDemoPartnership(db: Db): Promise<DemoSummary> {
  // One hash for every demo account: they share the documented demo password, usable only in demo mode.
  const demoHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom('partnership')
      .select('partnership_id')
      .where('code', '=', DEMO_PARTNERSHIP.code)
      .executeTakeFirst();
    if (existing !== undefined) {
      return {
        loaded: false,
        partnershipId: existing.partnership_id,
        agencies: 0,
        users: 0,
        people: 0,
        events: 0,
      };
    }
    const partnershipId = newId();
    await tx
      .insertInto('partnership')
      .values({ partnership_id: partnershipId, ...DEMO_PARTNERSHIP })
      .execute();
    const agencyIds = new Map<string, string>();
    for (const agency of DEMO_AGENCIES) {
      const id = newId();
      agencyIds.set(agency.code, id);
      await tx
        .insertInto('agency')
        .values({ id, partnership_id: partnershipId, ...agency })
        .execute();
    }
    const agencyId = (code: string): string => {
      const id = agencyIds.get(code);
      if (id === undefined) throw new Error(`Demo data names an unknown agency: ${code}`);
      return id;
    };
    const userIds = new Map<string, string>();
    for (const user of DEMO_USERS) {
      const id = newId();
      userIds.set(user.email, id);
      await tx
        .insertInto('user_account')
        .values({
          id,
          partnership_id: partnershipId,
          agency_id: agencyId(user.agency),
          email: user.email,
          display_name: user.displayName,
          password_hash: demoHash,
          totp_secret: null,
          mfa_enrolled_at: null,
          disabled_at: null,
          last_sign_in_at: null,
          demo_only: true,
          data_protection_lead: user.dataProtectionLead ?? false,
        })
        .execute();
      for (const role of user.roles) {
        await tx
          .insertInto('role_grant')
          .values({ id: newId(), partnership_id: partnershipId, user_id: id, role, granted_by: null })
          .execute();
      }
    }
    const personIds = new Map<string, string>();
    for (const p of DEMO_PEOPLE) {
      const id = newId();
      personIds.set(p.key, id);
      await tx
        .insertInto('person')
        .values({
          id,
          partnership_id: partnershipId,
          kind: p.kind,
          given_name: p.givenName,
          middle_names: null,
          family_name: p.familyName,
          date_of_birth: p.dateOfBirth,
          sex: p.sex,
          ethnicity_dfe: null,
          ethnicity_police_self_defined: null,
          ethnicity_police_officer_defined: null,
          nationality: null,
          disability: null,
          special_educational_needs: null,
          looked_after: p.lookedAfter ?? false,
          sealed: p.sealedFor !== undefined,
          merged_into: null,
        })
        .execute();
      for (const email of p.sealedFor ?? []) {
        await tx
          .insertInto('sealed_record_user')
          .values({
            partnership_id: partnershipId,
            person_id: id,
            user_id: userIds.get(email)!,
            granted_at: new Date(),
          })
          .execute();
      }
      for (const identifier of p.identifiers ?? []) {
        await tx
          .insertInto('person_identifier')
          .values({
            id: newId(),
            partnership_id: partnershipId,
            person_id: id,
            scheme: identifier.scheme,
            value: identifier.value,
            valid_from: null,
            valid_to: null,
            source_record_id: null,
          })
          .execute();
      }
      if (p.postcode !== undefined) {
        await tx
          .insertInto('person_address')
          .values({
            id: newId(),
            partnership_id: partnershipId,
            person_id: id,
            location_id: null,
            line1: null,
            line2: null,
            town: 'Northmoor',
            postcode: p.postcode,
            valid_from: null,
            valid_to: null,
            source_record_id: null,
          })
          .execute();
      }
    }
    for (const e of DEMO_EVENTS) {
      const eventId = newId();
      await tx
        .insertInto('event')
        .values({
          id: eventId,
          partnership_id: partnershipId,
          agency_id: agencyId(e.agency),
          type: e.type,
          occurred_at: e.occurredAt,
          occurred_until: null,
          location_id: null,
          narrative: e.narrative,
          data: JSON.stringify(e.data ?? {}),
          source_record_id: null,
          recorded_by: null,
        })
        .execute();
      for (const party of e.parties) {
        const personId = personIds.get(party.person);
        if (personId === undefined) throw new Error(`Demo event names an unknown person: ${party.person}`);
        await tx
          .insertInto('event_party')
          .values({
            id: newId(),
            partnership_id: partnershipId,
            event_id: eventId,
            person_id: personId,
            role: party.role,
          })
          .execute();
      }
    }
    const personId = (key: string): string => {
      const id = personIds.get(key);
      if (id === undefined) throw new Error(`Demo data names an unknown person: ${key}`);
      return id;
    };
    const userAgency = new Map(DEMO_USERS.map((u) => [u.email, u.agency]));
    for (const c of DEMO_CONCERNS) {
      await tx
        .insertInto('concern')
        .values({
          id: newId(),
          partnership_id: partnershipId,
          person_id: personId(c.person),
          raised_by_user_id: userIds.get(c.raisedBy) ?? null,
          raised_by_agency_id: agencyId(userAgency.get(c.raisedBy) ?? 'csc'),
          narrative: c.narrative,
          lawful_basis: 'Children Act 1989 s.47; UK GDPR 6(1)(e), 9(2)(g)',
          status: c.status,
        })
        .execute();
    }
    for (const item of DEMO_INTELLIGENCE) {
      await tx
        .insertInto('intelligence')
        .values({
          id: newId(),
          partnership_id: partnershipId,
          agency_id: agencyId('police'),
          person_id: personId(item.person),
          source_evaluation: '2',
          intelligence_assessment: 'B',
          handling_code: item.handling,
          text: item.text,
          sanitised_text: item.sanitised === '' ? null : item.sanitised,
          recorded_at: new Date('2026-10-05T10:00:00Z'),
        })
        .execute();
    }
    return {
      loaded: true,
      partnershipId,
      agencies: DEMO_AGENCIES.length,
      users: DEMO_USERS.length,
      people: DEMO_PEOPLE.length,
      events: DEMO_EVENTS.length,
    };
  });
}
