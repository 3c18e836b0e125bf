// The in-memory world the simulator builds before writing feeds. Indices, not object references, link
// people, households and places so the world stays compact at national-slice scale.
import type { Heritage } from './names.ts';

export type Sex = 'F' | 'M';

export interface Address {
  readonly line1: string;
  readonly town: string;
  readonly postcode: string;
  readonly district: number;
}

export interface Residence {
  readonly from: number;
  readonly address: Address;
}

export interface Household {
  readonly id: number;
  readonly district: number;
  /** Addresses in time order; the first starts before the simulated period. */
  readonly residences: Residence[];
}

export interface Person {
  readonly index: number;
  readonly pid: string;
  readonly kind: 'child' | 'adult';
  readonly given: string;
  readonly family: string;
  readonly sex: Sex;
  readonly dob: number;
  readonly heritage: Heritage;
  readonly ethnicity: string;
  readonly household: number;
  readonly nhs: string;
  upn: string;
  school: number;
  laChildId: string;
  readonly sen: 'N' | 'K' | 'E';
  lookedAfter: boolean;
  /** Placement while looked after (index into world.placements), or -1. */
  placement: number;
  lookedAfterFrom: number;
  cin: boolean;
  cp: boolean;
  readonly phone: string;
  policeId: string;
  /** A missing episode before the simulated period (vulnerability history). */
  missingHistory: boolean;
  victim: number;
  offender: number;
}

export interface School {
  readonly index: number;
  readonly urn: string;
  readonly name: string;
  readonly phase: 'primary' | 'secondary';
  readonly district: number;
  readonly postcode: string;
  readonly establishment: number;
}

export interface Placement {
  readonly index: number;
  readonly kind: string;
  readonly address: Address;
  readonly outOfArea: boolean;
  readonly start: number;
}

export type PlaceKind = 'takeaway' | 'hotel' | 'house' | 'park' | 'taxi_firm' | 'car_park' | 'shop';

export interface Place {
  readonly id: string;
  readonly kind: PlaceKind;
  readonly name: string;
  readonly address: Address;
}

export type Model = 'group' | 'lone' | 'peer';

export interface Group {
  readonly id: string;
  readonly model: Model;
  readonly members: number[];
  readonly places: number[];
  readonly vehicles: string[];
  /** Phones per member, parallel to members. */
  readonly phones: string[][];
  readonly activeFrom: number;
}

export interface Victim {
  readonly person: number;
  readonly group: number;
  readonly start: number;
  recognised: number;
  recognisedBy: string;
}

export interface World {
  readonly seed: number;
  readonly start: number;
  readonly end: number;
  /** Every district, in-area first; index = Address.district. */
  readonly districts: readonly { name: string; area: string; inArea: boolean }[];
  /** How many of the first districts are inside the partnership area. */
  readonly inAreaDistricts: number;
  readonly households: Household[];
  readonly people: Person[];
  readonly schools: School[];
  readonly placements: Placement[];
  readonly places: Place[];
  readonly groups: Group[];
  readonly victims: Victim[];
  readonly vehicleMakes: ReadonlyMap<string, string>;
}
