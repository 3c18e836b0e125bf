/**
 * The rows one chunk of person-bearing records writes, collected in memory and written set-based at the
 * end of the chunk: one statement per table (`jsonb_to_recordset`), in foreign-key order, inside the
 * chunk's transaction. Replaces several statements per row (≈ 10 for a record that names a person).
 */
import { sql } from 'kysely';
import type { Tx } from '../platform/database/index.ts';

export interface PersonRow {
  id: string;
  kind: string;
  given_name: string | null;
  family_name: string | null;
  date_of_birth: string | null;
  sex: string | null;
}

/** Where the identity resolver puts the people and details it creates. */
export interface PersonSink {
  person(row: PersonRow): void;
  identifier(personId: string, scheme: string, value: string): void;
  address(personId: string, line1: string | null, town: string | null, postcode: string | null): void;
  contact(personId: string, phone: string): void;
}

interface EventRow {
  id: string;
  type: string;
  occurred_at: string;
  occurred_until: string | null;
  location_id: string | null;
  narrative: string | null;
  data: unknown;
  source_record_id: string;
}

const recordset = (rows: readonly object[]) => sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)`;

export class ChunkWrites implements PersonSink {
  private readonly people: PersonRow[] = [];
  private readonly identifiers: { person_id: string; scheme: string; value: string }[] = [];
  private readonly addresses: {
    ord: number;
    person_id: string;
    line1: string | null;
    town: string | null;
    postcode: string | null;
  }[] = [];
  private readonly contacts: { ord: number; person_id: string; value: string }[] = [];
  private readonly sourcePeople: { id: string; person_id: string }[] = [];
  private readonly decisions: {
    source_record_id: string;
    person_id: string;
    candidate_person_id: string | null;
    decision: string;
    score: number;
    explanation: unknown;
  }[] = [];
  private readonly events: EventRow[] = [];
  private readonly parties: { event_id: string; person_id: string; role: string }[] = [];
  private readonly eventObjects: { event_id: string; object_id: string }[] = [];

  constructor(
    private readonly partnershipId: string,
    private readonly agencyId: string,
  ) {}

  person(row: PersonRow): void {
    this.people.push(row);
  }
  identifier(personId: string, scheme: string, value: string): void {
    this.identifiers.push({ person_id: personId, scheme, value });
  }
  address(personId: string, line1: string | null, town: string | null, postcode: string | null): void {
    this.addresses.push({ ord: this.addresses.length, person_id: personId, line1, town, postcode });
  }
  contact(personId: string, phone: string): void {
    this.contacts.push({ ord: this.contacts.length, person_id: personId, value: phone });
  }
  sourcePerson(sourceRecordId: string, personId: string): void {
    this.sourcePeople.push({ id: sourceRecordId, person_id: personId });
  }
  decision(row: (typeof this.decisions)[number]): void {
    this.decisions.push(row);
  }
  event(row: EventRow): void {
    this.events.push(row);
  }
  party(eventId: string, personId: string, role: string): void {
    this.parties.push({ event_id: eventId, person_id: personId, role });
  }
  eventObject(eventId: string, objectId: string): void {
    this.eventObjects.push({ event_id: eventId, object_id: objectId });
  }

  /** Writes everything collected, one statement per table, parents before children. */
  async flush(tx: Tx): Promise<void> {
    const p = this.partnershipId;
    if (this.people.length > 0) {
      await sql`insert into person (id, partnership_id, kind, given_name, family_name, date_of_birth, sex)
        select t.id, ${p}::uuid, t.kind, t.given_name, t.family_name, t.date_of_birth, t.sex
        from ${recordset(this.people)} as t(id uuid, kind text, given_name text, family_name text, date_of_birth date, sex text)`.execute(
        tx,
      );
    }
    if (this.identifiers.length > 0) {
      await sql`insert into person_identifier (id, partnership_id, person_id, scheme, value)
        select gen_random_uuid(), ${p}::uuid, t.person_id, t.scheme, t.value
        from ${recordset(this.identifiers)} as t(person_id uuid, scheme text, value text) on conflict do nothing`.execute(
        tx,
      );
    }
    if (this.addresses.length > 0) {
      await sql`insert into person_address (id, partnership_id, person_id, line1, town, postcode)
        select gen_random_uuid(), ${p}::uuid, d.person_id, d.line1, d.town, d.postcode from (
          select distinct on (t.person_id, t.line1, t.postcode) t.person_id, t.line1, t.town, t.postcode
          from ${recordset(this.addresses)} as t(ord int, person_id uuid, line1 text, town text, postcode text)
          order by t.person_id, t.line1, t.postcode, t.ord) d
        where not exists (select 1 from person_address a where a.partnership_id = ${p} and a.person_id = d.person_id
          and a.postcode is not distinct from d.postcode and a.line1 is not distinct from d.line1)`.execute(
        tx,
      );
    }
    if (this.contacts.length > 0) {
      await sql`insert into person_contact (id, partnership_id, person_id, kind, value)
        select gen_random_uuid(), ${p}::uuid, d.person_id, 'phone', d.value from (
          select distinct on (t.person_id, t.value) t.person_id, t.value
          from ${recordset(this.contacts)} as t(ord int, person_id uuid, value text) order by t.person_id, t.value, t.ord) d
        where not exists (select 1 from person_contact c where c.partnership_id = ${p} and c.person_id = d.person_id
          and c.value = d.value)`.execute(tx);
    }
    if (this.sourcePeople.length > 0) {
      await sql`update source_record s set person_id = t.person_id
        from ${recordset(this.sourcePeople)} as t(id uuid, person_id uuid) where s.id = t.id`.execute(tx);
    }
    if (this.decisions.length > 0) {
      await sql`insert into link_decision (id, partnership_id, source_record_id, person_id, candidate_person_id, decision, score, explanation)
        select gen_random_uuid(), ${p}::uuid, t.source_record_id, t.person_id, t.candidate_person_id, t.decision, t.score, t.explanation
        from ${recordset(this.decisions)} as t(source_record_id uuid, person_id uuid, candidate_person_id uuid, decision text,
          score double precision, explanation jsonb)`.execute(tx);
    }
    if (this.events.length > 0) {
      await sql`insert into event (id, partnership_id, agency_id, type, occurred_at, occurred_until, location_id, narrative, data, source_record_id)
        select t.id, ${p}::uuid, ${this.agencyId}::uuid, t.type, t.occurred_at, t.occurred_until, t.location_id, t.narrative,
          coalesce(t.data, '{}'::jsonb), t.source_record_id
        from ${recordset(this.events)} as t(id uuid, type text, occurred_at timestamptz, occurred_until timestamptz,
          location_id uuid, narrative text, data jsonb, source_record_id uuid)`.execute(tx);
    }
    if (this.parties.length > 0) {
      await sql`insert into event_party (id, partnership_id, event_id, person_id, role)
        select gen_random_uuid(), ${p}::uuid, t.event_id, t.person_id, t.role
        from ${recordset(this.parties)} as t(event_id uuid, person_id uuid, role text) on conflict do nothing`.execute(
        tx,
      );
    }
    if (this.eventObjects.length > 0) {
      await sql`insert into event_object (id, partnership_id, event_id, object_id)
        select gen_random_uuid(), ${p}::uuid, t.event_id, t.object_id
        from ${recordset(this.eventObjects)} as t(event_id uuid, object_id uuid) on conflict do nothing`.execute(
        tx,
      );
    }
  }
}
