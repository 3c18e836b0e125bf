/** Review scheduling: when a screening is due for review and whether it is overdue. */
import { daysBetween } from './dates.ts';

export interface ReviewStatus {
  readonly due: string | null;
  readonly overdue: boolean;
  /** Days past the due date (0 when not overdue). */
  readonly daysOverdue: number;
}

/**
 * Whether a screening review is overdue on `today` (ISO date; the caller's clock decides "today").
 *
 * @example
 * reviewStatus('2026-04-01', '2026-04-10'); // { due: '2026-04-01', overdue: true, daysOverdue: 9 }
 */
export function reviewStatus(reviewDue: string | null, today: string): ReviewStatus {
  if (reviewDue === null) return { due: null, overdue: false, daysOverdue: 0 };
  const days = daysBetween(reviewDue, today);
  return { due: reviewDue, overdue: days > 0, daysOverdue: Math.max(0, days) };
}
