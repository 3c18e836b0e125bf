/**
 * Intelligence grading. The national 3x5x2 model (source evaluation 1-3, intelligence assessment A-E,
 * handling code P/C) and the legacy 5x5x5 model are separate types with a `scheme` tag. There is no
 * conversion between them: a legacy item keeps its legacy grade until an officer regrades it by hand.
 */
import { z } from 'zod';

export const SOURCE_EVALUATION = {
  '1': 'Reliable',
  '2': 'Untested',
  '3': 'Not reliable',
} as const;

export const INTELLIGENCE_ASSESSMENT = {
  A: 'Known directly to the source',
  B: 'Known indirectly to the source but corroborated',
  C: 'Known indirectly to the source',
  D: 'Not known',
  E: 'Suspected to be false or malicious',
} as const;

export const HANDLING_CODE = {
  P: 'Lawful sharing permitted',
  C: 'Lawful sharing permitted with conditions: stays within police unless the conditions are met by the originator',
} as const;

export const grading3x5x2Schema = z.object({
  scheme: z.literal('3x5x2'),
  source: z.enum(['1', '2', '3'], { error: 'Select how reliable the source is' }),
  assessment: z.enum(['A', 'B', 'C', 'D', 'E'], { error: 'Select how the source knows the information' }),
  handling: z.enum(['P', 'C'], { error: 'Select a handling code' }),
  /** Required with handling code C: the conditions the originator sets. */
  handlingConditions: z.string().trim().min(1).optional(),
  /** Required with assessment B: what corroborates it (e.g. a reference to another item). */
  corroboration: z.string().trim().min(1).optional(),
  /** Required with assessment E: why the information is suspected false or malicious. */
  riskNote: z.string().trim().min(1).optional(),
});

export const grading5x5x5Schema = z.object({
  scheme: z.literal('5x5x5'),
  source: z.enum(['A', 'B', 'C', 'D', 'E']),
  intelligence: z.enum(['1', '2', '3', '4', '5']),
  handling: z.enum(['1', '2', '3', '4', '5']),
});

export const gradingSchema = z.discriminatedUnion('scheme', [grading3x5x2Schema, grading5x5x5Schema]);

export type Grading3x5x2 = z.infer<typeof grading3x5x2Schema>;
export type Grading5x5x5 = z.infer<typeof grading5x5x5Schema>;
export type Grading = z.infer<typeof gradingSchema>;

export type GradingIssueCode =
  | 'invalid_grade'
  | 'conditions_required'
  | 'corroboration_required'
  | 'risk_note_required'
  | 'review_unreliable_source'
  | 'legacy_grading';

export interface GradingIssue {
  readonly code: GradingIssueCode;
  readonly severity: 'error' | 'warning';
  readonly path: readonly string[];
  readonly message: string;
}

/**
 * Validates a grading: the shape (zod) and the 3x5x2 rules. Errors block saving; warnings ask for review.
 *
 * @example
 * validateGrading({ scheme: '3x5x2', source: '2', assessment: 'C', handling: 'C' });
 * // [{ code: 'conditions_required', severity: 'error', path: ['handlingConditions'], ... }]
 */
export function validateGrading(input: unknown): GradingIssue[] {
  const parsed = gradingSchema.safeParse(input);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => ({
      code: 'invalid_grade' as const,
      severity: 'error' as const,
      path: i.path.map(String),
      message: i.message,
    }));
  }
  const g = parsed.data;
  if (g.scheme === '5x5x5') {
    return [
      {
        code: 'legacy_grading',
        severity: 'warning',
        path: ['scheme'],
        message:
          'Legacy 5x5x5 grading: it is kept as recorded and cannot be shared until regraded under 3x5x2.',
      },
    ];
  }
  const issues: GradingIssue[] = [];
  if (g.handling === 'C' && g.handlingConditions === undefined) {
    issues.push(
      error('conditions_required', 'handlingConditions', 'Enter the handling conditions for handling code C'),
    );
  }
  if (g.assessment === 'B' && g.corroboration === undefined) {
    issues.push(
      error('corroboration_required', 'corroboration', 'Enter what corroborates intelligence assessed as B'),
    );
  }
  if (g.assessment === 'E' && g.riskNote === undefined) {
    issues.push(
      error(
        'risk_note_required',
        'riskNote',
        'Enter why the intelligence is suspected to be false or malicious',
      ),
    );
  }
  if (g.source === '3') {
    issues.push({
      code: 'review_unreliable_source',
      severity: 'warning',
      path: ['source'],
      message: 'The source is graded not reliable: a supervisor should review before anyone acts on it.',
    });
  }
  return issues;
}

function error(code: GradingIssueCode, field: string, message: string): GradingIssue {
  return { code, severity: 'error', path: [field], message };
}

/**
 * Short label for a grading, in its own scheme (never translated into the other).
 *
 * @example
 * gradingLabel({ scheme: '3x5x2', source: '1', assessment: 'A', handling: 'P' }); // "1A P (3x5x2)"
 * gradingLabel({ scheme: '5x5x5', source: 'B', intelligence: '2', handling: '1' }); // "B21 (legacy 5x5x5)"
 */
export function gradingLabel(g: Grading): string {
  return g.scheme === '3x5x2'
    ? `${g.source}${g.assessment} ${g.handling} (3x5x2)`
    : `${g.source}${g.intelligence}${g.handling} (legacy 5x5x5)`;
}
