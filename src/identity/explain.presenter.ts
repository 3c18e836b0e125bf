/**
 * The linkage engine's explanation of a pair, in plain words for the review page: what was compared,
 * what each record holds, what the engine found and the weight that added (positive: more likely the
 * same person; negative: less likely). Pure: no database, no HTTP.
 */

export interface ExplanationRow {
  comparison: string;
  newer: string;
  earlier: string;
  finding: string;
  weight: string;
  /** 'for' (adds evidence), 'against' (takes it away) or 'none'. */
  direction: 'for' | 'against' | 'none';
}

export interface ExplanationView {
  startingWeight: string;
  rows: ExplanationRow[];
  totalWeight: string;
  probability: string;
}

const COMPARISON_LABEL: Record<string, string> = {
  given_name: 'First name',
  family_name: 'Last name',
  date_of_birth: 'Date of birth',
  sex: 'Sex',
  location: 'Address',
  phone: 'Phone number',
  identifier: 'Identifiers',
};

const FINDING: Record<string, Record<string, string>> = {
  given_name: {
    exact: 'Same first name',
    'swapped with family name': 'First and last names swapped round',
    nickname: 'First names are forms of the same name (for example Liz and Elizabeth)',
    'jaro-winkler >= 0.92': 'First names spelt almost the same',
    phonetic: 'First names sound the same',
    'jaro-winkler >= 0.80': 'First names spelt similarly',
    'same initial': 'Only the first letter of the first name is the same',
    else: 'Different first names',
  },
  family_name: {
    exact: 'Same last name',
    'one part of a multi-part name': 'One part of a double-barrelled or multi-part last name is the same',
    'jaro-winkler >= 0.92': 'Last names spelt almost the same',
    phonetic: 'Last names sound the same',
    'jaro-winkler >= 0.80': 'Last names spelt similarly',
    else: 'Different last names',
  },
  date_of_birth: {
    exact: 'Same date of birth',
    'day and month swapped': 'Day and month swapped round',
    'one digit different': 'One digit different',
    'same year and month': 'Same month and year, different day',
    else: 'Different dates of birth',
  },
  sex: { same: 'Same sex recorded', different: 'Different sex recorded' },
  location: {
    'same postcode and address': 'Same address and postcode',
    'same postcode, address partly shared or missing': 'Same postcode, address partly the same or missing',
    'same address, postcode differs or missing': 'Same address, postcode different or missing',
    'same postcode, different address': 'Same postcode, different address',
    'same postcode sector': 'Same part of the postcode area (sector)',
    'same postcode district': 'Same postcode district',
    else: 'Different areas',
  },
  phone: { exact: 'Same phone number', else: 'Different phone numbers' },
  identifier: {
    'same valid identifier': 'Same identifier',
    'different valid identifier of the same scheme':
      'Different identifiers of the same kind (for example two NHS numbers)',
  },
};

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * A weight as shown to a reviewer: a sign and one decimal place ("+6.2", "−3.0", "0").
 *
 * @example
 * formatWeight(-3); // '−3.0'
 */
export function formatWeight(w: number): string {
  if (Math.abs(w) < 0.05) return '0';
  return `${w > 0 ? '+' : '−'}${Math.abs(w).toFixed(1)}`;
}

/**
 * A match probability as a percentage a reviewer can read ("99.7%", "more than 99.9%").
 *
 * @example
 * formatProbability(0.9973); // '99.7%'
 */
export function formatProbability(p: number): string {
  if (p >= 0.9995) return 'more than 99.9%';
  if (p < 0.001) return 'less than 0.1%';
  return `${(p * 100).toFixed(1)}%`;
}

const SCHEME: Record<string, string> = {
  nhs_number: 'NHS number',
  upn: 'unique pupil number',
  police_id: 'police reference',
  la_id: 'local authority reference',
  yot_id: 'youth justice reference',
};

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** Capitals back on standardised words ("o'brien-smith" → "O'Brien-Smith"). */
function titleCase(text: string): string {
  return text.replace(
    /(^|[\s'’-])(\p{L})/gu,
    (_m, before: string, letter: string) => before + letter.toUpperCase(),
  );
}

/** The plain name of an identifier scheme. @example identifierLabel('upn'); // 'unique pupil number' */
export function identifierLabel(scheme: string): string {
  return SCHEME[scheme] ?? scheme.replace(/_/g, ' ');
}

/** A value as the engine compared it (standardised), made readable. */
function shown(comparison: string, value: string): string {
  if (value === '') return 'Not recorded';
  switch (comparison) {
    case 'phone':
      return 'Recorded';
    case 'identifier': {
      const names = value.split(' ').map((x) => SCHEME[x] ?? x.replace(/_/g, ' '));
      const text = names.join(', ');
      return text.charAt(0).toUpperCase() + text.slice(1);
    }
    case 'date_of_birth': {
      const d = new Date(`${value}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? value : DATE.format(d);
    }
    case 'location': {
      // "address tokens, POSTCODE": capitals on the address, the postcode as it is.
      const cut = value.lastIndexOf(', ');
      return cut < 0 && /\d[A-Z]{2}$|^[A-Z]{1,2}\d/.test(value)
        ? value
        : cut < 0
          ? titleCase(value)
          : `${titleCase(value.slice(0, cut))}, ${value.slice(cut + 2)}`;
    }
    default:
      return titleCase(value);
  }
}

/**
 * Turns the explanation stored with a queued pair into rows for the review page, or undefined when the
 * engine's explanation was not recorded.
 *
 * @example
 * explanationView({ engine: { priorWeight: -10, terms: [...], matchWeight: 8, matchProbability: 0.996 } });
 */
export function explanationView(stored: Record<string, unknown>): ExplanationView | undefined {
  const engine = stored.engine as Record<string, unknown> | undefined;
  if (engine === undefined || !Array.isArray(engine.terms)) return undefined;
  const rows = (engine.terms as Record<string, unknown>[]).map((t): ExplanationRow => {
    const comparison = str(t.comparison);
    const level = str(t.level);
    const weight = num(t.weight) + num(t.tfAdjustment);
    const tf = num(t.tfAdjustment);
    let finding =
      level === 'null'
        ? 'Missing from one or both records: no evidence either way'
        : (FINDING[comparison]?.[level] ?? level);
    if (Math.abs(tf) >= 0.05) {
      finding +=
        tf > 0 ? ' (an uncommon name, so it counts for more)' : ' (a common name, so it counts for less)';
    }
    return {
      comparison: COMPARISON_LABEL[comparison] ?? comparison,
      newer: shown(comparison, str(t.left)),
      earlier: shown(comparison, str(t.right)),
      finding,
      weight: formatWeight(weight),
      direction: weight >= 0.05 ? 'for' : weight <= -0.05 ? 'against' : 'none',
    };
  });
  return {
    startingWeight: formatWeight(num(engine.priorWeight)),
    rows,
    totalWeight: formatWeight(num(engine.matchWeight)),
    probability: formatProbability(num(engine.matchProbability)),
  };
}
