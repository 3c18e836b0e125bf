/**
 * The record-intelligence form: its flat fields, how they become the service's input (validated by the
 * same zod schema and grading rules as the JSON API), how validation issues become the GOV.UK error
 * summary, and the plain-language hints for the 3x5x2 grades.
 */
import { z } from 'zod';
import type { FieldIssue } from '../platform/errors/index.ts';
import type { EntityType } from './entity-search.ts';
import { HANDLING_CODE, INTELLIGENCE_ASSESSMENT, SOURCE_EVALUATION } from './grading/grading.ts';
import type { NewIntelligence } from './intelligence.schema.ts';

/** Any urlencoded form: strings, or arrays for repeated keys. */
export const FormBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export type FormBody = z.infer<typeof FormBody>;

/** The form's fields, in page order (hidden copies are written in this order too). */
export const FORM_FIELDS = [
  'text',
  'sourceType',
  'sourceReference',
  'sourceEvaluation',
  'assessment',
  'corroboration',
  'riskNote',
  'handling',
  'handlingConditions',
  'sanitisedText',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export interface FormValues {
  fields: Record<FormField, string>;
  /** Chosen links as `type:id`. */
  links: string[];
}

export interface FormErrors {
  errorList: { href: string; text: string }[];
  fieldErrors: Partial<Record<FormField | 'q', string>>;
}

export const NO_ERRORS: FormErrors = { errorList: [], fieldErrors: {} };

const one = (v: string | string[] | undefined): string =>
  v === undefined ? '' : Array.isArray(v) ? (v[0] ?? '') : v;
const many = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** `person:<id>` as a link, or undefined when it is not one. */
export function parseLink(value: string): { type: EntityType; id: string } | undefined {
  const m = /^(person|object|location):([0-9a-f-]{36})$/i.exec(value.trim());
  return m === null ? undefined : { type: m[1] as EntityType, id: m[2]!.toLowerCase() };
}

/**
 * The form's values from a posted body: the fields, and the chosen links after any add or remove.
 *
 * @example
 * const values = formValues(request.body); // values.links: ['person:…']
 */
export function formValues(body: FormBody): FormValues {
  const fields = Object.fromEntries(FORM_FIELDS.map((f) => [f, one(body[f])])) as Record<FormField, string>;
  const removed = new Set(many(body.remove));
  const links: string[] = [];
  for (const v of [...many(body.links), ...many(body.add)]) {
    const link = parseLink(v);
    if (link === undefined) continue;
    const key = `${link.type}:${link.id}`;
    if (!removed.has(key) && !links.includes(key)) links.push(key);
  }
  return { fields, links };
}

/**
 * The service's input from the form: empty optional answers are left out, so the schema's own
 * messages ("Enter the handling conditions for handling code C") are the ones shown.
 *
 * @example
 * await intel.preview(actor, inputFrom(values));
 */
export function inputFrom(values: FormValues): NewIntelligence {
  const f = values.fields;
  const optional = (v: string): string | undefined => (v.trim() === '' ? undefined : v);
  const grading = {
    scheme: '3x5x2' as const,
    source: optional(f.sourceEvaluation),
    assessment: optional(f.assessment),
    handling: optional(f.handling),
    handlingConditions: optional(f.handlingConditions),
    corroboration: optional(f.corroboration),
    riskNote: optional(f.riskNote),
  };
  const sanitisedText = optional(f.sanitisedText);
  return {
    text: f.text,
    // Unanswered radios stay undefined: the schema says which answer is missing.
    grading: Object.fromEntries(
      Object.entries(grading).filter(([, v]) => v !== undefined),
    ) as NewIntelligence['grading'],
    source: { type: f.sourceType, reference: f.sourceReference },
    ...(sanitisedText !== undefined ? { sanitisedText } : {}),
    links: values.links.flatMap((v) => {
      const link = parseLink(v);
      return link === undefined ? [] : [link];
    }),
  };
}

const FIELD_OF_PATH: Readonly<Record<string, FormField | 'q'>> = {
  text: 'text',
  'source.type': 'sourceType',
  'source.reference': 'sourceReference',
  'grading.source': 'sourceEvaluation',
  'grading.assessment': 'assessment',
  'grading.handling': 'handling',
  'grading.handlingConditions': 'handlingConditions',
  'grading.corroboration': 'corroboration',
  'grading.riskNote': 'riskNote',
  sanitisedText: 'sanitisedText',
  links: 'q',
};

/** The form field an issue belongs to. */
export function fieldOf(issue: FieldIssue): FormField | 'q' {
  const path = issue.path.filter((p): p is string => typeof p === 'string');
  return FIELD_OF_PATH[path.slice(0, 2).join('.')] ?? FIELD_OF_PATH[path[0] ?? ''] ?? 'text';
}

/**
 * The GOV.UK error summary and field messages for validation issues, in page order.
 *
 * @example
 * const errors = formErrors(error.issues);
 */
export function formErrors(issues: readonly FieldIssue[]): FormErrors {
  const fieldErrors: FormErrors['fieldErrors'] = {};
  for (const issue of issues) {
    const field = fieldOf(issue);
    fieldErrors[field] ??= issue.message;
  }
  const order: (FormField | 'q')[] = [...FORM_FIELDS, 'q'];
  const errorList = order
    .filter((f) => fieldErrors[f] !== undefined)
    .map((f) => ({ href: `#${f}`, text: fieldErrors[f]! }));
  return { errorList, fieldErrors };
}

/** Whether any issue is about the item itself (the first page) rather than its links. */
export function aboutDetails(issues: readonly FieldIssue[]): boolean {
  return issues.some((i) => fieldOf(i) !== 'q');
}

/** The 3x5x2 grades with plain-language hints, for the radios. */
export const GRADE_CHOICES = {
  sourceEvaluation: [
    {
      value: '1',
      text: `1: ${SOURCE_EVALUATION['1']}`,
      hint: 'No doubt about the source: they have been reliable before, or it is a record or device that can be trusted.',
    },
    {
      value: '2',
      text: `2: ${SOURCE_EVALUATION['2']}`,
      hint: 'The source has not been used before, or there is not enough to judge them.',
    },
    {
      value: '3',
      text: `3: ${SOURCE_EVALUATION['3']}`,
      hint: 'There are doubts about the source, or they have given wrong information before. A supervisor should review it.',
    },
  ],
  assessment: [
    {
      value: 'A',
      text: `A: ${INTELLIGENCE_ASSESSMENT.A}`,
      hint: 'The source saw or heard it themselves.',
    },
    {
      value: 'B',
      text: `B: ${INTELLIGENCE_ASSESSMENT.B}`,
      hint: 'The source was told it by someone else, and other information backs it up. Say what below.',
    },
    {
      value: 'C',
      text: `C: ${INTELLIGENCE_ASSESSMENT.C}`,
      hint: 'The source was told it by someone else, and nothing backs it up yet.',
    },
    {
      value: 'D',
      text: `D: ${INTELLIGENCE_ASSESSMENT.D}`,
      hint: 'It is not known how the source came to know it.',
    },
    {
      value: 'E',
      text: `E: ${INTELLIGENCE_ASSESSMENT.E}`,
      hint: 'There is reason to think it is untrue or was given to cause harm. Say why below.',
    },
  ],
  handling: [
    {
      value: 'P',
      text: `P: ${HANDLING_CODE.P}`,
      hint: 'Partners may see a shareable version with the source details taken out.',
    },
    {
      value: 'C',
      text: 'C: Lawful sharing permitted with conditions',
      hint: 'It stays within the police unless the conditions you set are met. Partners see nothing of it.',
    },
  ],
} as const;
