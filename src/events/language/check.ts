/**
 * The victim-blaming language checker: finds phrases that blame a child for their own exploitation
 * in free text (concern narratives, case notes, minutes) and suggests victim-centred wording. It
 * advises; it never blocks or rewrites a practitioner's words.
 */
import { LANGUAGE_RULES, type LanguageRule, type Severity } from './rules.ts';

export interface LanguageFinding {
  readonly ruleId: string;
  /** Offset of the first character (UTF-16 code units, as JavaScript strings count). */
  readonly start: number;
  /** Offset just after the last character. */
  readonly end: number;
  /** The words as written. */
  readonly phrase: string;
  readonly severity: Severity;
  readonly why: string;
  readonly suggestions: readonly string[];
}

/**
 * Finds victim-blaming phrases. Findings are ordered by position and never overlap (the longer
 * phrase wins).
 *
 * @example
 * checkLanguage('She is putting herself at risk.')[0]?.phrase; // 'putting herself at risk'
 * checkLanguage('The contact was non-consensual.'); // []
 */
export function checkLanguage(
  text: string,
  rules: readonly LanguageRule[] = LANGUAGE_RULES,
): LanguageFinding[] {
  const found: LanguageFinding[] = [];
  for (const rule of rules) {
    const pattern = new RegExp(
      rule.pattern.source,
      rule.pattern.flags.includes('g') ? rule.pattern.flags : `${rule.pattern.flags}g`,
    );
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (rule.when && !rule.when(text, start, end)) continue;
      found.push({
        ruleId: rule.id,
        start,
        end,
        phrase: m[0],
        severity: rule.severity,
        why: rule.why,
        suggestions: rule.suggestions,
      });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: LanguageFinding[] = [];
  for (const f of found) {
    const last = kept[kept.length - 1];
    if (last && f.start < last.end) continue;
    kept.push(f);
  }
  return kept;
}

/**
 * Whether the text contains any victim-blaming phrase.
 *
 * @example
 * hasVictimBlamingLanguage('He was described as promiscuous'); // true
 */
export function hasVictimBlamingLanguage(text: string): boolean {
  return checkLanguage(text).length > 0;
}
