/**
 * The phrases that blame children for their own exploitation, why each is harmful, and what to write
 * instead. Drawn from the published guidance on language in child sexual exploitation (e.g. The
 * Children's Society, "Appropriate language: child sexual and/or criminal exploitation", 2022, and
 * the national reviews that found children recorded as if they had consented).
 *
 * Patterns are case-insensitive, anchored on word boundaries, and accept pronoun variants. A rule may
 * add a context test to keep false positives down (negation, an adult described as a "boyfriend").
 */

export type Severity = 'warning' | 'gentle';

export interface LanguageRule {
  readonly id: string;
  readonly pattern: RegExp;
  readonly severity: Severity;
  readonly why: string;
  readonly suggestions: readonly string[];
  /** Extra test on the match in its text; the finding is kept only when this returns true. */
  readonly when?: (text: string, start: number, end: number) => boolean;
}

const SELF = String.raw`(?:her|him|them|your|my|our)sel(?:f|ves)|themself|oneself`;
const APOS = `['\u2019]`;

/** Words just before a match that turn it into a denial ("could not consent"), so not blaming. */
const NEGATION = new RegExp(
  String.raw`\b(?:not|never|no|cannot|can${APOS}t|couldn${APOS}t|didn${APOS}t|wasn${APOS}t|isn${APOS}t|unable\s+to|incapable\s+of|without|neither|nor)\s+(?:\w+\s+){0,2}$`,
  'iu',
);

/**
 * Whether the words just before `start` negate the phrase ("she did not consent").
 *
 * @example
 * isNegated('she could not have consented', 20); // true
 */
export function isNegated(text: string, start: number): boolean {
  return NEGATION.test(text.slice(Math.max(0, start - 40), start));
}

/** The sentence around a position (for context tests). */
function sentenceAround(text: string, start: number, end: number): string {
  const before = text.slice(0, start);
  const from = Math.max(
    before.lastIndexOf('.'),
    before.lastIndexOf('!'),
    before.lastIndexOf('?'),
    before.lastIndexOf('\n'),
  );
  const rest = text.slice(end).search(/[.!?\n]/u);
  return text.slice(from + 1, rest < 0 ? text.length : end + rest);
}

const ADULT_CONTEXT = new RegExp(
  [
    String.raw`\b(?:1[89]|[2-9]\d)\s*(?:-\s*)?(?:years?|yrs?)(?:\s*-\s*|\s+)old\b`,
    String.raw`\b(?:1[89]|[2-9]\d)\s*(?:y\/o|yo|yrs?|years?)\b`,
    String.raw`\baged?\s*(?:1[89]|[2-9]\d)\b`,
    String.raw`\((?:1[89]|[2-9]\d)\)`,
    String.raw`\bolder\b`,
    String.raw`\badult\b`,
    String.raw`\b(?:grown\s+)?man\b`,
    String.raw`\bin\s+his\s+(?:twenties|thirties|forties|fifties|\d0s)\b`,
    String.raw`\bhas\s+a\s+car\b`,
  ].join('|'),
  'iu',
);

export const LANGUAGE_RULES: readonly LanguageRule[] = [
  {
    id: 'putting-self-at-risk',
    pattern: new RegExp(
      String.raw`\b(?:put|puts|putting|placed|places|placing|exposed|exposes|exposing)\s+(?:${SELF})\s+(?:at\s+(?:high\s+|significant\s+)?risk|in\s+(?:danger|harm${APOS}s\s+way|(?:risky|dangerous|unsafe)\s+situations?))\b`,
      'giu',
    ),
    severity: 'warning',
    why: 'Suggests the child is responsible for the abuse. Children do not put themselves at risk: adults who exploit them do.',
    suggestions: [
      'is at risk of sexual exploitation',
      'adults are placing her at risk',
      'is being exploited by adults who …',
    ],
  },
  {
    id: 'consensual',
    pattern: /(?<!\bnon[-\s]?)\bconsensual(?:ly)?\b/giu,
    severity: 'warning',
    why: 'Implies the child agreed. A child cannot consent to their own abuse, and exploitation removes any freedom to choose.',
    suggestions: [
      'was sexually abused',
      'is experiencing sexual exploitation',
      'describe what happened factually',
    ],
    when: (text, start) => !isNegated(text, start),
  },
  {
    id: 'consented',
    pattern: new RegExp(
      String.raw`\b(?:consented|consents|consenting|gave\s+(?:(?:her|his|their)\s+)?consent|agreed\s+to\s+(?:have\s+)?sex|willing(?:ly)?\s+(?:participant|went|participated|took\s+part))\b(?!\s+(?:to\s+(?:share|sharing|information|(?:the\s+|a\s+)?referral|being\s+referred|(?:an?\s+)?assessment|treatment|the\s+plan|support|services|a\s+medical)|for\b))`,
      'giu',
    ),
    severity: 'warning',
    why: 'Describes the child as having agreed. Children cannot consent to exploitation; grooming, coercion and fear remove choice.',
    suggestions: ['was sexually exploited', 'was coerced / groomed into …', 'consent was not possible'],
    when: (text, start) => !isNegated(text, start),
  },
  {
    id: 'promiscuous',
    pattern: /\bpromiscu(?:ous|ity)\b/giu,
    severity: 'warning',
    why: 'A moral judgement of the child that hides abuse and deters disclosure.',
    suggestions: ['is being sexually exploited', 'is experiencing sexual abuse by multiple adults'],
  },
  {
    id: 'prostitution',
    pattern: new RegExp(
      String.raw`\b(?:child\s+)?prostitut(?:e|es|ed|ing|ion)\b(?:\s+(?:${SELF}))?|\brent\s+boys?\b|\bsex\s+workers?\b|\bselling\s+sex\b`,
      'giu',
    ),
    severity: 'warning',
    why: 'There is no such thing as a child prostitute or a child selling sex: in law and in fact the child is a victim of sexual exploitation.',
    suggestions: ['is a victim of child sexual exploitation', 'is being sexually exploited'],
  },
  {
    id: 'exchanging-sex',
    pattern:
      /\b(?:exchang(?:e|es|ed|ing)|swap(?:s|ped|ping)?|trad(?:e|es|ed|ing)|offer(?:s|ed|ing)?)\s+sex(?:ual\s+(?:acts|activity|favours))?\s+for\b/giu,
    severity: 'warning',
    why: 'Frames abuse as a transaction the child chose. Adults who give a child things for sex are exploiting them.',
    suggestions: [
      'is being sexually exploited in return for …',
      'adults are giving her … to sexually abuse her',
    ],
  },
  {
    id: 'sexually-active',
    pattern: /\bsexually\s+active\b/giu,
    severity: 'gentle',
    why: 'Can hide abuse: if the other person is an adult, older, or has power over the child, this is abuse or exploitation, not sexual activity.',
    suggestions: ['is being sexually abused by …', 'describe who with, their age, and any power imbalance'],
    when: (text, start) => !isNegated(text, start),
  },
  {
    id: 'lifestyle-choice',
    pattern: new RegExp(
      String.raw`\blifestyle\s+choices?\b|\b(?:chose|chosen|chooses|choosing)\s+(?:this|that|the|(?:her|his|their)\s+(?:own\s+)?)\s*lifestyle\b`,
      'giu',
    ),
    severity: 'warning',
    why: 'Exploitation is not a choice. Grooming, coercion, fear and dependence remove a child’s freedom to choose.',
    suggestions: ['is being groomed and controlled', 'is experiencing sexual exploitation'],
  },
  {
    id: 'boyfriend-adult',
    pattern: /\b(?:boy|girl)friends?\b/giu,
    severity: 'gentle',
    why: 'When the "boyfriend" is an adult or much older, the word normalises grooming. Describe the adult and what they are doing.',
    suggestions: [
      'an adult who is harming her',
      'a man aged … who is sexually exploiting her',
      'an adult of concern',
    ],
    when: (text, start, end) => ADULT_CONTEXT.test(sentenceAround(text, start, end)),
  },
  {
    id: 'risk-taking',
    pattern: /\b(?:risk[-\s]?taking|risky|high[-\s]risk)\s+behaviou?rs?\b/giu,
    severity: 'warning',
    why: 'Places responsibility on the child. Name the risk the child faces and who poses it.',
    suggestions: ['is at risk of / experiencing sexual exploitation', 'adults are exposing her to …'],
  },
  {
    id: 'sleeping-with',
    pattern:
      /\b(?:sleeping|slept|sleeps|sleep|having\s+sex|had\s+sex|has\s+sex)\s+with\s+(?:him|them|men|man|males?|boys|lads|adults?|older|several|multiple|different|various|someone|people|guys?|an?\s+(?:older\s+)?(?:man|male|adult|boy|lad|guy))\b/giu,
    severity: 'warning',
    why: 'Describes abuse as something the child does. When an adult or exploiter is involved, say the child was abused.',
    suggestions: ['was sexually abused by', 'was raped by', 'is being sexually exploited by'],
    when: (text, start) => !isNegated(text, start),
  },
  {
    id: 'knows-what-doing',
    pattern: new RegExp(
      String.raw`\bknows?\s+what\s+(?:she|he|they)\s*(?:${APOS}s|${APOS}re|\s+is|\s+are)\s+doing\b|\bstreet[-\s]?wise\b|\bmature\s+for\s+(?:her|his|their)\s+age\b`,
      'giu',
    ),
    severity: 'warning',
    why: 'Suggests the child is able to protect themselves or is responsible. Groomed children often appear in control when they are not.',
    suggestions: ['is being exploited', 'may not recognise the exploitation'],
  },
  {
    id: 'attention-seeking',
    pattern: /\battention[-\s]seeking\b|\b(?:making|makes|made)\s+(?:poor|bad|unwise|wrong)\s+choices\b/giu,
    severity: 'gentle',
    why: 'Judges the child rather than the harm. Behaviour is communication and may be a sign of exploitation.',
    suggestions: ['may be showing signs of exploitation', 'describe the behaviour and what it may mean'],
  },
];
