// Every rate the simulator uses, in one place, each with where it comes from. `basis` says how firm it
// is: `published` (a figure from the cited source), `approximation` (rounded from or inferred from the
// source), `assumption` (our modelling choice, stated so it can be challenged). docs/simulation.md
// explains the file; `sightline simulate --parameters` prints it as JSON.

export interface Param {
  readonly value: number;
  readonly basis: 'published' | 'approximation' | 'assumption';
  readonly source: string;
}

function p(value: number, basis: Param['basis'], source: string): Param {
  return { value, basis, source };
}

const CEOP = 'CEOP (2011) Out of Mind, Out of Sight: 2,083 victims identified in the rapid assessment';
const CLA = 'DfE (2024) Children looked after in England including adoptions, year ending 31 March 2024';
const CIN = 'DfE (2024) Children in need, year ending 31 March 2024';
const ABS = 'DfE (2024) Pupil absence in schools in England, autumn and spring terms 2023/24';
const SPC = 'DfE (2024) Schools, pupils and their characteristics, January 2024';

export const PARAMETERS = {
  population: {
    childrenPerHousehold: p(
      1.8,
      'approximation',
      'ONS Families and households 2023: about 1.7-1.8 dependent children per family with children',
    ),
    loneParentShare: p(
      0.23,
      'approximation',
      'ONS Families and households 2023: about a quarter of families with dependent children are lone-parent families',
    ),
    householdMovesPerYear: p(
      0.09,
      'approximation',
      'MHCLG English Housing Survey 2022-23: roughly 1 in 10 households moved in the last year',
    ),
    senSupport: p(
      0.136,
      'published',
      'DfE (2024) Special educational needs in England: 13.6% of pupils on SEN support',
    ),
    ehcPlan: p(
      0.048,
      'published',
      'DfE (2024) Special educational needs in England: 4.8% of pupils with an EHC plan',
    ),
    lookedAfter: p(0.007, 'published', `${CLA}: 70 per 10,000 children`),
    lookedAfterTeenWeight: p(
      2.2,
      'approximation',
      `${CLA}: 39% of looked-after children are aged 10-15 and 26% 16+, so teenagers are over-represented`,
    ),
    outOfAreaPlacement: p(
      0.41,
      'approximation',
      `${CLA}: about 4 in 10 placed outside the local authority boundary`,
    ),
    residentialShareOfPlacements: p(
      0.17,
      'approximation',
      `${CLA}: about 1 in 6 placed in children's homes or semi-independent settings`,
    ),
    childInNeed: p(0.033, 'published', `${CIN}: 332 per 10,000 children in need at 31 March`),
    childProtection: p(0.0041, 'published', `${CIN}: 41 per 10,000 children on a child protection plan`),
    sixthFormStay: p(
      0.5,
      'approximation',
      'DfE participation statistics: about half of 16-17 year olds study in school sixth forms, the rest in colleges',
    ),
    mobileAge11to17: p(
      0.85,
      'approximation',
      'Ofcom (2024) Children and parents media use: most children own a mobile phone by 11-12',
    ),
    adultMobile: p(0.95, 'approximation', 'Ofcom (2024) Adults media use: 95%+ of adults own a mobile phone'),
    ethnicityRecordedNotObtained: p(
      0.015,
      'approximation',
      `${SPC}: about 1.5% of pupils refused or not obtained`,
    ),
  },
  /** Shares of children by heritage (DfE main ethnicity), approximating the January 2024 school census. */
  heritage: {
    white_british: p(0.61, 'approximation', `${SPC}: White British 60-62% of pupils`),
    irish: p(0.01, 'approximation', SPC),
    east_european: p(0.075, 'approximation', `${SPC}: Any other White background about 7.5%`),
    pakistani: p(0.053, 'approximation', SPC),
    indian: p(0.041, 'approximation', SPC),
    bangladeshi: p(0.021, 'approximation', SPC),
    black_african: p(0.046, 'approximation', SPC),
    black_caribbean: p(0.01, 'approximation', SPC),
    chinese: p(0.006, 'approximation', SPC),
    mixed: p(0.07, 'approximation', `${SPC}: mixed ethnic groups about 7%`),
  },
  attendance: {
    meanAbsence: p(0.069, 'approximation', `${ABS}: overall absence rate 6.9-7.1%`),
    absenceConcentration: p(
      6,
      'assumption',
      'Beta concentration chosen so about 1 in 5 pupils misses 10%+ of sessions, as the persistent absence rate (20.0-21%) in the same release',
    ),
    unauthorisedShare: p(0.33, 'approximation', `${ABS}: about a third of absence is unauthorised`),
    lateShare: p(0.02, 'assumption', 'Sessions marked late before registers close'),
    suspensionPerPupilYear: p(
      0.022,
      'approximation',
      'DfE (2024) Suspensions and permanent exclusions 2022/23: about 2.3% of pupils had one or more suspension',
    ),
    permanentExclusionPerPupilYear: p(
      0.0011,
      'published',
      'DfE (2024) Suspensions and permanent exclusions 2022/23: rate 0.11 per 100 pupils',
    ),
    absenceAfterExploitationMultiplier: p(
      3.5,
      'assumption',
      'Absence of exploited children rises over weeks (Jay 2014; Ofsted 2014 "The sexual exploitation of children: it couldn\'t happen here, could it?")',
    ),
  },
  /** Background events per child per year, for children aged 10-17 unless said. */
  background: {
    missingChild: p(
      0.015,
      'approximation',
      'NCA UK Missing Persons Bureau data reports: about 70,000 children reported missing a year in England and Wales, with repeat episodes',
    ),
    missingLookedAfter: p(0.11, 'published', `${CLA}: 11% of looked-after children had a missing incident`),
    episodesPerMissingChild: p(
      2.6,
      'approximation',
      'NCA Missing Persons data reports: about 2.5-3 incidents per missing child; looked-after children ~7 (DfE CLA)',
    ),
    episodesPerMissingLookedAfter: p(
      6,
      'approximation',
      `${CLA}: about 6-7 missing incidents per looked-after child who went missing`,
    ),
    edAny: p(
      0.25,
      'approximation',
      'NHS England Hospital A&E activity: about a quarter of children attend an ED in a year',
    ),
    edIntoxication: p(
      0.008,
      'assumption',
      'ED attendances for alcohol/drug intoxication aged 12-17 (ECDS chief complaint)',
    ),
    edAssault: p(0.006, 'assumption', 'ED attendances for assault aged 12-17'),
    edSelfHarm: p(
      0.006,
      'approximation',
      'NHS Digital hospital episodes: self-harm presentations aged 10-19 about 0.4-0.7% a year',
    ),
    edOverdose: p(0.002, 'assumption', 'ED attendances for overdose aged 12-17'),
    sexualHealthGirl13to17: p(
      0.07,
      'approximation',
      'UKHSA SRH services statistics: contraception and STI testing contacts among under-18s',
    ),
    sexualHealthBoy13to17: p(
      0.02,
      'approximation',
      'UKHSA GUMCAD: under-18 boys attend sexual-health services far less than girls',
    ),
    policeIncident: p(0.03, 'assumption', 'Children aged 10-17 named in a police incident in a year'),
    foundInCompany: p(
      0.003,
      'assumption',
      'Background stops of children with adults (older siblings, relatives, friends)',
    ),
    crimeVictim: p(
      0.015,
      'assumption',
      'Children aged 10-17 recorded as victims of a crime in a year (ONS CSEW 10-15 year olds)',
    ),
    referralAllAges: p(0.052, 'approximation', `${CIN}: 621,880 referrals, about 5.2 per 100 children`),
    referralNoFurtherAction: p(
      0.075,
      'approximation',
      `${CIN}: about 7-8% of referrals end with no further action`,
    ),
    yotReferral: p(
      0.004,
      'approximation',
      'YJB Youth justice statistics 2023/24: first-time entrants and caseload about 0.3-0.5% of 10-17s',
    ),
    voluntaryReferral: p(
      0.001,
      'assumption',
      'Background referrals to a specialist voluntary service (emotional health, not CSE)',
    ),
  },
  victims: {
    ratePer10to17Year: p(
      0.004,
      'assumption',
      'Share of children aged 10-17 exploited in a year in the simulated area; CSE is under-identified (IICSA 2022; national audit of group-based CSE 2025), so no published prevalence fits',
    ),
    lookedAfterShare: p(311 / 2083, 'published', `${CEOP}: 311 were in care (15%)`),
    previouslyMissingShare: p(570 / 2083, 'published', `${CEOP}: 570 had gone missing from home (27%)`),
    femaleShare: p(
      0.82,
      'approximation',
      `${CEOP} and later police data: the large majority of identified victims are female; boys are under-identified`,
    ),
    recognisedShare: p(
      0.35,
      'assumption',
      'Share of victims recognised by an agency within the simulated period; IICSA (2022) and the national audit (2025) found many never are',
    ),
    startBeforePeriodShare: p(
      0.3,
      'assumption',
      'Share of victims whose exploitation began before the simulated period',
    ),
    ageWeights: { 11: 0.02, 12: 0.06, 13: 0.16, 14: 0.27, 15: 0.27, 16: 0.15, 17: 0.07 } as Readonly<
      Record<number, number>
    >,
    ageSource: `${CEOP}: victims typically 14-15; most aged 13-16`,
  },
  groups: {
    groupShare: p(
      0.5,
      'approximation',
      `${CEOP}: groups and gangs were the focus; most identified victims were exploited by more than one offender`,
    ),
    loneShare: p(0.3, 'assumption', 'Lone adult offenders'),
    peerShare: p(0.2, 'assumption', 'Peer-on-peer exploitation (offenders under 18)'),
    sizeWeights: {
      2: 0.25,
      3: 0.2,
      4: 0.15,
      5: 0.12,
      6: 0.09,
      7: 0.07,
      8: 0.05,
      9: 0.03,
      10: 0.02,
      12: 0.02,
    } as Readonly<Record<number, number>>,
    sizeSource: `${CEOP}: groups ranged from 2 to more than 8 offenders`,
    victimsPerGroupMean: p(3, 'assumption', 'Victims per group over the period'),
    vehiclesPerGroup: p(1.5, 'assumption', 'Mean vehicles per group'),
    phonesPerMember: p(1.3, 'assumption', 'Mean phones per offender (burner phones)'),
  },
} as const;

/** Per-record identity noise, per agency feed. Rates are assumptions informed by linkage practice. */
export interface NoiseRates {
  readonly typo: number;
  readonly phonetic: number;
  readonly nickname: number;
  readonly swapNames: number;
  readonly surnameChange: number;
  readonly dobSwap: number;
  readonly dobOther: number;
  readonly dobMissing: number;
  readonly oldAddress: number;
  readonly postcodeError: number;
  readonly postcodeDistrictOnly: number;
  readonly surnameMissing: number;
  readonly nhsPresent: number;
  readonly upnPresent: number;
  readonly phonePresent: number;
  readonly policeIdPresent: number;
}

const BASE: NoiseRates = {
  typo: 0.01,
  phonetic: 0.005,
  nickname: 0.02,
  swapNames: 0.002,
  surnameChange: 0.02,
  dobSwap: 0.003,
  dobOther: 0.003,
  dobMissing: 0,
  oldAddress: 0.04,
  postcodeError: 0.01,
  postcodeDistrictOnly: 0,
  surnameMissing: 0,
  nhsPresent: 0,
  upnPresent: 0,
  phonePresent: 0,
  policeIdPresent: 0,
};

export const NOISE_SOURCE =
  'Assumptions, in line with reported linkage error sources: Harron et al. (2017) "Challenges in administrative data linkage for research", Big Data & Society; ONS (2013) "Beyond 2011" matching error rates; NHS Digital PDS data-quality reports (NHS number completeness in ECDS about 95%).';

/** Noise per feed family: education, police, ed, sexual_health, social_care, yot, voluntary. */
export const NOISE: Readonly<Record<string, NoiseRates>> = {
  education: { ...BASE, upnPresent: 1 },
  police: {
    ...BASE,
    typo: 0.05,
    phonetic: 0.05,
    nickname: 0.15,
    swapNames: 0.03,
    surnameChange: 0.04,
    dobSwap: 0.02,
    dobOther: 0.03,
    dobMissing: 0.12,
    oldAddress: 0.15,
    postcodeError: 0.05,
    phonePresent: 0.3,
    policeIdPresent: 0.12,
  },
  ed: {
    ...BASE,
    typo: 0.02,
    phonetic: 0.02,
    nickname: 0.03,
    swapNames: 0.01,
    dobSwap: 0.005,
    dobOther: 0.005,
    dobMissing: 0.01,
    oldAddress: 0.08,
    postcodeError: 0.02,
    nhsPresent: 0.93,
    phonePresent: 0.5,
  },
  sexual_health: {
    ...BASE,
    typo: 0.02,
    phonetic: 0.03,
    nickname: 0.2,
    dobMissing: 0.05,
    oldAddress: 0.1,
    postcodeDistrictOnly: 0.3,
    surnameMissing: 0.25,
    nhsPresent: 0.35,
    phonePresent: 0.6,
  },
  social_care: { ...BASE, nickname: 0.02, oldAddress: 0.05, nhsPresent: 0.7, upnPresent: 0.8 },
  yot: { ...BASE, typo: 0.02, nickname: 0.05, dobMissing: 0.01, oldAddress: 0.08, policeIdPresent: 0.6 },
  voluntary: {
    ...BASE,
    typo: 0.02,
    phonetic: 0.02,
    nickname: 0.4,
    dobMissing: 0.25,
    oldAddress: 0.1,
    postcodeDistrictOnly: 0.4,
    surnameMissing: 0.3,
    phonePresent: 0.5,
  },
};

export interface Profile {
  readonly children: number;
  readonly months: number;
  readonly districts: number;
  /** Multiplies the victimisation rate so small worlds still hold enough cases to test. */
  readonly victimMultiplier: number;
}

export const PROFILES: Readonly<Record<'small' | 'partnership' | 'national-slice', Profile>> = {
  small: { children: 2_000, months: 6, districts: 2, victimMultiplier: 5 },
  partnership: { children: 50_000, months: 12, districts: 4, victimMultiplier: 1 },
  'national-slice': { children: 250_000, months: 12, districts: 4, victimMultiplier: 1 },
};

export type ProfileName = keyof typeof PROFILES;
