/**
 * Sanitisation: the shareable version of an intelligence item for partners outside the police. It
 * carries no source details (the output type has no field for them), redacts text that could reveal
 * the source, and is refused for handling code C (never leaves police) and for legacy 5x5x5 items.
 */
import type { Grading } from './grading.ts';
import { validateGrading } from './grading.ts';

export interface IntelligenceItem {
  readonly id: string;
  readonly recordedAt: string;
  readonly text: string;
  readonly grading: Grading;
  /** Who or what the information came from: never shared. */
  readonly source: { readonly type: string; readonly reference: string; readonly handler?: string };
  /** Officer-written shareable wording; if absent, the text is redacted automatically. */
  readonly sanitisedText?: string;
  readonly linkedEntityIds: readonly string[];
}

export interface ShareableIntelligence {
  readonly id: string;
  /** Date only: exact times can point to who was present. */
  readonly recordedOn: string;
  readonly text: string;
  readonly grading: { readonly source: string; readonly assessment: string; readonly handling: 'P' };
  readonly linkedEntityIds: readonly string[];
}

export type SanitiseResult =
  | { readonly ok: true; readonly shareable: ShareableIntelligence; readonly redactions: number }
  | { readonly ok: false; readonly reason: 'handling_code_c' | 'legacy_grading' | 'invalid_grading' };

const SOURCE_WORDS =
  /\b(chis|informant|covert|source|handler|undercover|test purchase|surveillance|intercept(?:ed)?|tasked|tasking)\b/i;
const PHONE = /(?:\+44\s?|\b0)\d(?:[\s-]?\d){8,9}\b/g;
const EMAIL = /\b[\w.+-]+@[\w-]+\.[\w.-]+\b/g;
const REFERENCE = /\b(?:URN|ref(?:erence)?|log)\s*[:#]?\s*[A-Z0-9/-]{4,}\b/gi;

/**
 * Produces the shareable version of an intelligence item, or the reason it may not be shared.
 *
 * @example
 * const r = sanitiseIntelligence(item, (id) => visibleToPartners.has(id));
 * if (r.ok) send(r.shareable); // never carries the source or a handling code C item
 */
export function sanitiseIntelligence(
  item: IntelligenceItem,
  mayShareEntity: (id: string) => boolean = () => true,
): SanitiseResult {
  const g = item.grading;
  if (g.scheme === '5x5x5') return { ok: false, reason: 'legacy_grading' };
  if (validateGrading(g).some((i) => i.severity === 'error')) return { ok: false, reason: 'invalid_grading' };
  if (g.handling === 'C') return { ok: false, reason: 'handling_code_c' };
  const { text, redactions } = redact(item.sanitisedText ?? item.text, item.source);
  return {
    ok: true,
    shareable: {
      id: item.id,
      recordedOn: item.recordedAt.slice(0, 10),
      text,
      grading: { source: g.source, assessment: g.assessment, handling: 'P' },
      linkedEntityIds: item.linkedEntityIds.filter(mayShareEntity),
    },
    redactions,
  };
}

/**
 * Redacts source-revealing content: sentences that mention a source or covert tactic are replaced,
 * and phone numbers, email addresses, references and the source's own reference are masked.
 *
 * @example
 * redactText('Seen at the hotel. The source says he calls 07700 900123.').text;
 * // "Seen at the hotel. [sentence removed]"
 */
export function redactText(text: string): { text: string; redactions: number } {
  return redact(text, undefined);
}

function redact(
  text: string,
  source: IntelligenceItem['source'] | undefined,
): { text: string; redactions: number } {
  let redactions = 0;
  const sentences = text.split(/(?<=[.!?])\s+/);
  const kept = sentences.map((s) => {
    const mentionsSource =
      SOURCE_WORDS.test(s) ||
      (source !== undefined &&
        [source.reference, source.handler].some((v) => v !== undefined && v.length > 0 && s.includes(v)));
    if (mentionsSource) {
      redactions++;
      return '[sentence removed]';
    }
    return s;
  });
  let out = kept.join(' ');
  for (const [pattern, label] of [
    [PHONE, '[phone number]'],
    [EMAIL, '[email address]'],
    [REFERENCE, '[reference]'],
  ] as const) {
    out = out.replace(pattern, () => {
      redactions++;
      return label;
    });
  }
  return { text: out, redactions };
}
