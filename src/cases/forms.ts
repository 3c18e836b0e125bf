/**
 * Helpers for the module's HTML forms: the loose form body every POST accepts (the service validates it
 * with its zod schema), and the GOV.UK error summary and field messages built from a validation error.
 */
import { z } from 'zod';
import { isAppError } from '../platform/errors/index.ts';

/** Any urlencoded form: strings, or arrays for repeated keys (checkboxes). */
export const FormBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export type FormBody = z.infer<typeof FormBody>;

export interface FormErrors {
  errorList: { href: string; text: string }[];
  fieldErrors: Record<string, string>;
}

export const NO_ERRORS: FormErrors = { errorList: [], fieldErrors: {} };

/** Fields shown with the GOV.UK date input: the summary links to the day field. */
const DATE_FIELDS = new Set([
  'reviewDueOn',
  'heldOn',
  'dueOn',
  'nextReviewOn',
  'adultHandoverOn',
  'occurredOn',
]);

/**
 * The error summary and field messages for a validation error; any other error is thrown again.
 *
 * @example
 * try { await cases.open(actor, input); } catch (e) { const errors = formErrors(e); ... }
 */
export function formErrors(error: unknown): FormErrors {
  if (!isAppError(error) || error.code !== 'validation') throw error;
  const fieldErrors: Record<string, string> = {};
  const errorList: FormErrors['errorList'] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (field in fieldErrors) continue;
    fieldErrors[field] = issue.message;
    errorList.push({ href: `#${DATE_FIELDS.has(field) ? `${field}-day` : field}`, text: issue.message });
  }
  return { errorList, fieldErrors };
}

/** A form value as an array (checkboxes). @example many(body.agencyIds); */
export function many(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** A form value as one string. @example one(body.title); */
export function one(value: string | string[] | undefined): string {
  return value === undefined ? '' : Array.isArray(value) ? (value[0] ?? '') : value;
}

/** Day, month and year of a 'YYYY-MM-DD' date, for pre-filling a GOV.UK date input. */
export function dateParts(body: FormBody, name: string): { day: string; month: string; year: string } {
  const iso = one(body[name]);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return {
    day: one(body[`${name}-day`]) || (m ? String(Number(m[3])) : ''),
    month: one(body[`${name}-month`]) || (m ? String(Number(m[2])) : ''),
    year: one(body[`${name}-year`]) || (m?.[1] ?? ''),
  };
}
