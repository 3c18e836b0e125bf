/**
 * The small built-in demo partnership: a fictional area with its agencies, a few users, and a handful of
 * invented people and events. Every name and place here is made up. The simulator (src/simulate) replaces
 * it with a full synthetic partnership loaded through the import pipeline.
 */
import type { AgencyKind, PersonKind, Role, Sex } from '../platform/database/index.ts';

export const DEMO_PARTNERSHIP = {
  code: 'northmoor',
  name: 'Northmoor Safeguarding Children Partnership',
} as const;

export interface DemoAgency {
  code: string;
  name: string;
  kind: AgencyKind;
}

export const DEMO_AGENCIES: DemoAgency[] = [
  { code: 'police', name: 'Northmoor Police', kind: 'police' },
  { code: 'csc', name: "Northmoor Children's Services", kind: 'social_care' },
  { code: 'schools', name: 'Northmoor Schools', kind: 'education' },
  { code: 'nhs', name: 'Northmoor Hospitals NHS Trust', kind: 'health' },
  { code: 'yot', name: 'Northmoor Youth Justice Service', kind: 'youth_offending' },
  { code: 'safesteps', name: 'Safe Steps (voluntary sector)', kind: 'voluntary' },
];

/**
 * The documented demo password. It works only for demo accounts and only while the server runs in demo
 * mode (SIGHTLINE_DEMO_MODE, on by default with the embedded database); demo mode also switches MFA off.
 */
export const DEMO_PASSWORD = 'northmoor-demo-only';

export interface DemoUser {
  email: string;
  displayName: string;
  agency: string;
  roles: Role[];
  dataProtectionLead?: boolean;
}

export const DEMO_USERS: DemoUser[] = [
  {
    email: 'coordinator@northmoor.example',
    displayName: 'Priya Coordinator',
    agency: 'csc',
    roles: ['coordinator'],
  },
  {
    email: 'dsl@northmoor.example',
    displayName: 'Sam Designated-Lead',
    agency: 'schools',
    roles: ['practitioner'],
  },
  { email: 'nurse@northmoor.example', displayName: 'Jo Nurse', agency: 'nhs', roles: ['practitioner'] },
  {
    email: 'analyst@northmoor.example',
    displayName: 'Alex Police-Analyst',
    agency: 'police',
    roles: ['police_analyst'],
  },
  {
    email: 'board@northmoor.example',
    displayName: 'Chris Partnership-Analyst',
    agency: 'csc',
    roles: ['partnership_analyst'],
  },
  {
    email: 'admin@northmoor.example',
    displayName: 'Morgan Administrator',
    agency: 'csc',
    roles: ['administrator'],
  },
  { email: 'auditor@northmoor.example', displayName: 'Robin Auditor', agency: 'csc', roles: ['auditor'] },
  {
    email: 'dplead@northmoor.example',
    displayName: 'Dana Data-Protection-Lead',
    agency: 'police',
    roles: ['practitioner'],
    dataProtectionLead: true,
  },
];

export interface DemoPerson {
  key: string;
  kind: PersonKind;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: Sex;
  lookedAfter?: boolean;
  identifiers?: { scheme: 'nhs_number' | 'upn' | 'police_id' | 'la_id'; value: string }[];
  postcode?: string;
  /** A sealed record: visible only to the named users. */
  sealedFor?: string[];
}

// NHS numbers pass the modulus 11 check and UPNs carry a valid check letter; all are invented.
export const DEMO_PEOPLE: DemoPerson[] = [
  {
    key: 'child-1',
    kind: 'child',
    givenName: 'Amelia',
    familyName: 'Hartwell',
    dateOfBirth: '2011-03-14',
    sex: 'female',
    lookedAfter: true,
    identifiers: [
      { scheme: 'nhs_number', value: '9434765919' },
      { scheme: 'la_id', value: 'NM-104233' },
    ],
    postcode: 'NM4 7QT',
  },
  {
    key: 'child-2',
    kind: 'child',
    givenName: 'Kayden',
    familyName: 'Osei',
    dateOfBirth: '2010-11-02',
    sex: 'male',
    identifiers: [{ scheme: 'nhs_number', value: '9434765870' }],
    postcode: 'NM2 3LP',
  },
  {
    key: 'child-3',
    kind: 'child',
    givenName: 'Leah',
    familyName: 'Brennan',
    dateOfBirth: '2012-07-29',
    sex: 'female',
    postcode: 'NM4 8DA',
  },
  {
    key: 'child-4',
    kind: 'child',
    givenName: 'Zara',
    familyName: 'Malik-Jones',
    dateOfBirth: '2009-12-05',
    sex: 'female',
    postcode: 'NM1 5RW',
  },
  {
    key: 'adult-1',
    kind: 'adult_of_concern',
    givenName: 'Darren',
    familyName: 'Whitlow',
    dateOfBirth: '1991-05-20',
    sex: 'male',
    identifiers: [{ scheme: 'police_id', value: 'NMP/88213' }],
  },
  {
    key: 'child-5',
    kind: 'child',
    givenName: 'Rowan',
    familyName: 'Ashdown',
    dateOfBirth: '2011-08-17',
    sex: 'male',
    identifiers: [{ scheme: 'la_id', value: 'NM-109871' }],
    sealedFor: ['coordinator@northmoor.example'],
  },
];

/** Concerns raised by demo users, with what happened next. */
export const DEMO_CONCERNS: {
  person: string;
  raisedBy: string;
  narrative: string;
  status: 'new' | 'triaged' | 'screening';
}[] = [
  {
    person: 'child-2',
    raisedBy: 'dsl@northmoor.example',
    narrative: 'Often collected from school by an older male not known to the school; new phone and clothes.',
    status: 'screening',
  },
];

/** Intelligence items: handling code P may be shared (sanitised); C never leaves the police. */
export const DEMO_INTELLIGENCE: { person: string; handling: 'P' | 'C'; text: string; sanitised: string }[] = [
  {
    person: 'adult-1',
    handling: 'P',
    text: 'Vehicle linked to the adult seen repeatedly outside the children’s home late at night.',
    sanitised: 'A vehicle linked to this adult has been seen near a children’s home late at night.',
  },
  {
    person: 'adult-1',
    handling: 'C',
    text: 'Information that the adult supplies alcohol to girls at a flat in NM4.',
    sanitised: '',
  },
];

export interface DemoEvent {
  type: string;
  agency: string;
  occurredAt: string;
  narrative: string;
  parties: { person: string; role: 'subject' | 'associate' | 'suspect' }[];
  data?: Record<string, unknown>;
}

export const DEMO_EVENTS: DemoEvent[] = [
  {
    type: 'missing_episode',
    agency: 'police',
    occurredAt: '2026-09-12T21:30:00Z',
    narrative: 'Reported missing from placement; found the next morning at an address in NM4.',
    parties: [{ person: 'child-1', role: 'subject' }],
    data: { returnInterviewOffered: true },
  },
  {
    type: 'found_in_company',
    agency: 'police',
    occurredAt: '2026-10-03T23:10:00Z',
    narrative: 'Child found in a car with an older adult near the retail park.',
    parties: [
      { person: 'child-1', role: 'subject' },
      { person: 'adult-1', role: 'suspect' },
    ],
  },
  {
    type: 'sexual_health_attendance',
    agency: 'nhs',
    occurredAt: '2026-10-20T15:00:00Z',
    narrative: 'Attended the sexual-health clinic.',
    parties: [{ person: 'child-1', role: 'subject' }],
  },
  {
    type: 'missing_episode',
    agency: 'police',
    occurredAt: '2026-10-28T19:00:00Z',
    narrative: 'Reported missing from home overnight.',
    parties: [{ person: 'child-3', role: 'subject' }],
  },
];
