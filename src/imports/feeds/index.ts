// Every declared feed, by name, in the order a whole partnership's files must load (people and records
// before the rows that point at them).
import {
  careAssessments,
  careChildren,
  careMissing,
  carePlacements,
  careReferrals,
  careStatuses,
  cinCensus,
  edAttendances,
  sexualHealth,
  voluntaryReferrals,
  yotReferrals,
} from './care-health.ts';
import { attendance, pupilRoll, suspensions } from './education.ts';
import {
  policeCrimes,
  policeIncidents,
  policeIntelligence,
  policeMissing,
  policeParties,
  policeStops,
  policeVehicles,
} from './police.ts';
import type { FeedDefinition } from './types.ts';

export const FEEDS: readonly FeedDefinition[] = [
  pupilRoll,
  careChildren,
  suspensions,
  attendance,
  policeVehicles,
  policeMissing,
  policeIncidents,
  policeStops,
  policeCrimes,
  policeIntelligence,
  policeParties,
  careReferrals,
  careAssessments,
  careStatuses,
  carePlacements,
  careMissing,
  cinCensus,
  edAttendances,
  sexualHealth,
  yotReferrals,
  voluntaryReferrals,
];

/**
 * The feed definition with this name.
 *
 * @example
 * feedByName('attendance')?.version; // 1
 */
export function feedByName(name: string): FeedDefinition | undefined {
  return FEEDS.find((f) => f.name === name);
}

export type { FeedDefinition, ColumnSpec, Row, PersonRef, EventSpec } from './types.ts';
