// People as the review pages show them: names, dates, identifiers and where each record came from.
import type { PersonDetailRow, PersonSummary } from './identity.repository.ts';

export interface SummaryView {
  id: string;
  kind: string;
  kindLabel: string;
  name: string;
  dateOfBirth: string | null;
  agencies: string[];
}

export interface SideView extends SummaryView {
  middleNames: string | null;
  sex: string;
  otherNames: string[];
  addresses: string[];
  identifiers: { label: string; value: string }[];
  /** Each agency with the records it sent and the events it recorded. */
  sources: { agency: string; records: number; events: number; since: string | null }[];
  /** People already linked to this one (their details are included above). */
  linkedNames: string[];
  sealed: boolean;
}

export const KIND_LABEL: Record<string, string> = {
  child: 'Child',
  adult_of_concern: 'Adult of concern',
  other: 'Other person',
};

export const SCHEME_LABEL: Record<string, string> = {
  nhs_number: 'NHS number',
  upn: 'Unique pupil number',
  police_id: 'Police reference',
  la_id: 'Local authority reference',
  yot_id: 'Youth justice reference',
  other: 'Other reference',
};

const SEX_LABEL: Record<string, string> = {
  female: 'Female',
  male: 'Male',
  indeterminate: 'Indeterminate',
  not_known: 'Not known',
};

/**
 * A person's name for display, or a neutral placeholder.
 *
 * @example
 * fullName('Amelia', 'Hartwell'); // 'Amelia Hartwell'
 */
export function fullName(given: string | null, family: string | null): string {
  return [given, family].filter((x) => x !== null && x !== '').join(' ') || 'Name not recorded';
}

/**
 * Where a person's record is read: the child record for a child, the person page otherwise.
 *
 * @example
 * recordHref(id, 'child'); // '/children/<id>'
 */
export function recordHref(id: string, kind: string): string {
  return kind === 'child' ? `/children/${id}` : `/people/${id}`;
}

/** @example summaryView(summary).name */
export function summaryView(p: PersonSummary): SummaryView {
  return {
    id: p.id,
    kind: p.kind,
    kindLabel: KIND_LABEL[p.kind] ?? p.kind,
    name: fullName(p.givenName, p.familyName),
    dateOfBirth: p.dateOfBirth,
    agencies: p.agencies,
  };
}

/** @example sideView(await personDetail(tx, pid, id)) */
export function sideView(p: PersonDetailRow): SideView {
  const events = new Map(p.events.map((e) => [e.agency, e.events]));
  const records = new Map(p.records.map((r) => [r.agency, r]));
  const agencies = [...new Set([...records.keys(), ...events.keys()])].sort();
  const own = fullName(p.given_name, p.family_name);
  const otherNames = [
    ...p.aliases.map((a) => fullName(a.given_name, a.family_name)),
    ...p.merged.map((m) => fullName(m.given_name, m.family_name)),
  ].filter((n, i, all) => n !== own && all.indexOf(n) === i);
  return {
    id: p.id,
    kind: p.kind,
    kindLabel: KIND_LABEL[p.kind] ?? p.kind,
    name: own,
    dateOfBirth: p.date_of_birth,
    agencies: [...records.keys()],
    middleNames: p.middle_names,
    sex: p.sex === null ? 'Not recorded' : (SEX_LABEL[p.sex] ?? p.sex),
    otherNames,
    addresses: p.addresses.map((a) =>
      [a.line1, a.line2, a.town, a.postcode].filter((x) => x !== null && x !== '').join(', '),
    ),
    identifiers: p.identifiers.map((i) => ({ label: SCHEME_LABEL[i.scheme] ?? i.scheme, value: i.value })),
    sources: agencies.map((agency) => ({
      agency,
      records: records.get(agency)?.records ?? 0,
      events: events.get(agency) ?? 0,
      since: records.get(agency)?.first.slice(0, 10) ?? null,
    })),
    linkedNames: p.merged.map((m) => fullName(m.given_name, m.family_name)),
    sealed: p.sealed || p.merged.some((m) => m.sealed),
  };
}
