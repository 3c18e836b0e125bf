// Test fixtures: valid identifiers and a small synthetic partnership folder in the simulator's formats.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** A valid UPN for serial n. @example upn(1).length // 13 */
export function upn(n: number): string {
  // Twelve characters after the check letter for every n up to 99,999 (the same UPNs as before below
  // 10,000); beyond that the body would grow and the UPN be invalid, so refuse.
  if (!Number.isInteger(n) || n < 0 || n > 99_999) throw new RangeError(`upn(${n}): n must be 0 to 99999`);
  const body = `9901234${String(n).padStart(5, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i + 2);
  return `${UPN_LETTERS[sum % 23]!}${body}`;
}

/** A valid NHS number built from 9 digits (skipping ones without a check digit). @example nhs(1) */
export function nhs(n: number): string {
  for (let k = n; ; k++) {
    const body = String(400000000 + k * 7);
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return `${body}${check === 11 ? 0 : check}`;
  }
}

/** A temporary folder. @example const dir = tempDir(); */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sightline-imports-'));
}

/** Writes `agency/name.csv` under dir. @example writeFeed(dir, 'education/pupils', rows) */
export function writeFeed(dir: string, path: string, lines: readonly string[]): string {
  const file = join(dir, `${path}.csv`);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** A small partnership folder covering every simulator feed. @example writePartnership(tempDir()) */
export function writePartnership(dir: string): string {
  writeFeed(dir, 'education/pupils', [
    'upn,urn,legal_forename,legal_surname,preferred_forename,date_of_birth,sex,ethnicity,sen_provision,address_line1,town,postcode,entry_date',
    `${upn(1)},100001,Amy,Testwood,,2011-03-04,F,WBRI,N,1 Elm Road,Northmoor,NM1 1AA,2016-09-03`,
    `${upn(2)},100001,Ben,Sampleton,,2010-07-12,M,WBRI,N,2 Oak Road,Northmoor,NM1 1AB,2015-09-03`,
  ]);
  writeFeed(dir, 'education/suspensions', [
    'suspension_id,urn,upn,category,start_date,days,reason',
    `SUS-000001,100001,${upn(1)},SUSPENSION,2024-10-01,2,PP`,
  ]);
  writeFeed(dir, 'education/attendance', [
    'urn,upn,date,session,mark',
    `100001,${upn(1)},2024-09-02,AM,/`,
    `100001,${upn(1)},2024-09-02,PM,N`,
    `100001,${upn(2)},2024-09-02,AM,/`,
    `100001,${upn(2)},2024-09-02,PM,\\`,
  ]);
  writeFeed(dir, 'police/vehicles', [
    'vrm,description,first_recorded',
    'NM12 ABC,Silver hatchback,2024-09-10',
  ]);
  writeFeed(dir, 'police/missing_reports', [
    'report_id,reported_at,found_at,found_location,found_postcode,risk_level,return_interview_date,reported_by',
    'MPR-000001,2024-09-20T22:00,2024-09-21T03:10,hotel,NM2 2BB,medium,2024-09-23,parent_carer',
  ]);
  writeFeed(dir, 'police/incidents', [
    'incident_id,occurred_at,incident_type,location_kind,location_name,postcode',
    'INC-000001,2024-09-25T21:30,concern_for_welfare,takeaway,Late Grill,NM3 3CC',
  ]);
  writeFeed(dir, 'police/stops', [
    'stop_id,occurred_at,location_kind,location_name,postcode,vrm,reason',
    'STP-000001,2024-09-26T23:00,vehicle,,NM3 3CC,NM12 ABC,child_in_company_of_adults',
  ]);
  writeFeed(dir, 'police/crimes', [
    'crime_id,recorded_at,offence,cse_flag,location_kind,location_name,postcode',
    'CRM-000001,2024-10-02T10:00,sexual_activity_with_child,Y,house,,NM4 4DD',
  ]);
  writeFeed(dir, 'police/intelligence', [
    'intel_id,recorded_at,source_evaluation,intelligence_assessment,handling_code,vrm,phone,location_kind,location_name,postcode,text',
    'INT-000001,2024-10-03T09:00,2,C,P,NM12 ABC,07700900123,park,Rec Ground,NM5 5EE,"Information that the subject, and associates, are meeting young people."',
  ]);
  writeFeed(dir, 'police/parties', [
    'party_id,record_type,record_id,role,forename,surname,date_of_birth,sex,address_line1,town,postcode,phone,police_person_id',
    'PTY-0000001,missing_report,MPR-000001,missing_person,Amy,TESTWOOD,2011-03-04,F,1 Elm Road,Northmoor,NM1 1AA,,PP0001',
    'PTY-0000002,stop,STP-000001,suspect,Carl,Examplar,1990-01-01,M,,,,07700900123,PP0002',
    'PTY-0000003,stop,STP-000001,child_at_risk,Amy,Testwood,2011-03-04,F,,,,,PP0001',
  ]);
  writeFeed(dir, 'social_care/children', [
    'la_child_id,forename,surname,date_of_birth,sex,ethnicity,upn,nhs_number,address_line1,town,postcode,first_contact_date',
    `LA0001,Amy,Testwood,2011-03-04,F,WBRI,${upn(1)},${nhs(1)},1 Elm Road,Northmoor,NM1 1AA,2024-01-01`,
  ]);
  writeFeed(dir, 'social_care/referrals', [
    'referral_id,la_child_id,referral_date,referral_source,no_further_action',
    'REF-000001,LA0001,2024-10-05,5A,N',
  ]);
  writeFeed(dir, 'social_care/assessments', [
    'assessment_id,referral_id,la_child_id,start_date,authorised_date,factors',
    'ASM-000001,REF-000001,LA0001,2024-10-06,2024-10-20,11A;4A',
  ]);
  writeFeed(dir, 'social_care/statuses', [
    'la_child_id,status,start_date,end_date,closure_reason',
    'LA0001,CIN,2024-10-20,,',
  ]);
  writeFeed(dir, 'social_care/placements', [
    'la_child_id,placement_start,placement_type,postcode,out_of_area',
    'LA0001,2024-11-01,K2,NM6 6FF,N',
  ]);
  writeFeed(dir, 'social_care/missing', [
    'la_child_id,missing,mis_start,mis_end',
    'LA0001,M,2024-11-10T20:00,2024-11-11T02:00',
  ]);
  writeFeed(dir, 'health/ed_attendances', [
    'attendance_id,site,arrived_at,nhs_number,forename,surname,date_of_birth,sex,address_line1,postcode,phone,reason,accompanied_by',
    `ED-0000001,Northmoor General Hospital,2024-11-12T01:00,${nhs(1)},Amy,Testwood,2011-03-04,F,1 Elm Road,NM1 1AA,,intoxication,unknown_adult`,
  ]);
  writeFeed(dir, 'health/sexual_health_attendances', [
    'attendance_id,clinic,attended_at,nhs_number,forename,surname,date_of_birth,sex,postcode,phone,attendance_type',
    `SH-0000001,Young People's Clinic,2024-11-20T15:00,${nhs(1)},Amy,Testwood,2011-03-04,F,NM1 1AA,,sti_test`,
  ]);
  writeFeed(dir, 'youth_offending/referrals', [
    'yot_ref,referral_date,forename,surname,date_of_birth,sex,address_line1,postcode,police_person_id,intervention,engagement',
    'YOT-000001,2024-11-25,Ben,Sampleton,2010-07-12,M,2 Oak Road,NM1 1AB,,referral_order,engaged',
  ]);
  writeFeed(dir, 'voluntary/referrals', [
    'case_ref,referral_date,known_as,surname,date_of_birth,sex,postcode,phone,referrer,service,engagement,sessions_attended',
    'VOL-00001,2024-12-01,Aimee,Testwood,2011-03-04,F,NM1 1AA,,social_care,cse_support,engaged,4',
  ]);
  return dir;
}

/** SQL counting the attendance marks stored (filled sessions of the week rows). */
export const MARKS_STORED_SQL = `select coalesce(sum((select count(*) from generate_series(0, 13) g
  where substr(w.marks, 2 * g + 1, 2) <> '  ')), 0)::int as n from attendance_week w`;
