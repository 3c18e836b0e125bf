/**
 * What a batch's progress columns mean to a person: rows read, rows a second, how much of the file is
 * read and about how long is left, whether a running batch has stalled, and why a failed one stopped.
 * Pure: the pages and the JSON API both show what this returns, so the wording lives in one place.
 */

/** A running batch that has not moved for this long has stalled (its server stopped); see `liveRunMs`. */
export const STALL_MS = 5 * 60 * 1000;

export interface ProgressColumns {
  readonly status: 'running' | 'completed' | 'failed';
  readonly failure: 'stopped' | 'error' | null;
  readonly rowsRead: number;
  readonly bytesRead: number;
  /** Null for batches imported before progress was kept. */
  readonly bytesTotal: number | null;
  /** Seconds from the start of the latest run to its latest progress. */
  readonly runSeconds: number | null;
  /** Seconds since the latest progress (database clock). */
  readonly idleSeconds: number | null;
}

export interface Progress {
  readonly rowsRead: number;
  readonly bytesRead: number;
  readonly bytesTotal: number | null;
  /** Share of the file read, 0–100 (whole numbers), when the size is known. */
  readonly percent: number | null;
  readonly rowsPerSecond: number | null;
  /** Estimated from bytes read against the file's size; null until there is a rate. */
  readonly secondsLeft: number | null;
  readonly stalled: boolean;
  /**
   * Plain-language lines for the page and the enhancement script. The headline changes only with the
   * state (importing, finished, stopped, stalled): it is the part screen readers announce.
   */
  readonly text: {
    readonly headline: string;
    readonly rows: string;
    readonly rate: string;
    readonly left: string;
    readonly read: string;
    readonly failure: string | null;
  };
}

const NUMBER = new Intl.NumberFormat('en-GB');

/** @example bytesText(4_404_019); // '4.2 MB' */
export function bytesText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / 1024 / 1024;
  return `${mb < 10 ? mb.toFixed(1) : NUMBER.format(Math.round(mb))} MB`;
}

/** @example durationText(150); // 'about 3 minutes' */
export function durationText(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return minutes === 1 ? 'about 1 minute' : `about ${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? 'about 1 hour' : `about ${hours} hours`;
}

const FAILURE_TEXT = {
  stopped:
    'The import stopped before it finished because Sightline was shut down. The rows it had loaded are kept. Upload the same file again to finish the import: it carries on from where it stopped.',
  error:
    'The import stopped before it finished because of a problem in Sightline. The rows it had loaded are kept. Upload the same file again to carry on from where it stopped. If it stops again, contact your system administrator.',
} as const;

const STALLED_TEXT =
  'This import has not moved for more than 5 minutes: Sightline may have been restarted while it ran. Upload the same file again to finish it: it carries on from where it stopped.';

/**
 * Reads a batch's progress.
 *
 * @example
 * progressOf({ status: 'running', failure: null, rowsRead: 5000, bytesRead: 5e5, bytesTotal: 1e6, runSeconds: 10, idleSeconds: 0 });
 * // { percent: 50, rowsPerSecond: 500, secondsLeft: 10, ... }
 */
export function progressOf(b: ProgressColumns): Progress {
  const total = b.bytesTotal;
  const done = b.status === 'completed';
  const percent =
    total === null
      ? null
      : done || total === 0
        ? 100
        : Math.min(100, Math.floor((b.bytesRead / total) * 100));
  const seconds = b.runSeconds !== null && b.runSeconds >= 0.5 ? b.runSeconds : null;
  const rowsPerSecond = seconds === null ? null : Math.round(b.rowsRead / seconds);
  let secondsLeft: number | null = null;
  if (done) secondsLeft = 0;
  else if (b.status === 'running' && total !== null && seconds !== null && b.bytesRead > 0) {
    const left = ((total - b.bytesRead) / b.bytesRead) * seconds - (b.idleSeconds ?? 0);
    secondsLeft = Math.max(0, Math.round(left));
  }
  const stalled = b.status === 'running' && b.idleSeconds !== null && b.idleSeconds * 1000 > STALL_MS;
  const rows = `${NUMBER.format(b.rowsRead)} ${b.rowsRead === 1 ? 'row' : 'rows'} read`;
  const rate = rowsPerSecond === null ? 'Working it out' : `${NUMBER.format(rowsPerSecond)} rows a second`;
  const left = done
    ? 'None'
    : b.status !== 'running' || stalled
      ? 'Not known'
      : secondsLeft === null
        ? 'Working it out'
        : durationText(secondsLeft);
  const read =
    total === null
      ? bytesText(b.bytesRead)
      : `${bytesText(done ? total : b.bytesRead)} of ${bytesText(total)} (${percent ?? 0}%)`;
  const headline = done
    ? 'The import has finished.'
    : b.status === 'failed'
      ? 'The import stopped before it finished.'
      : stalled
        ? 'The import has stalled.'
        : 'The file is being imported.';
  return {
    rowsRead: b.rowsRead,
    bytesRead: b.bytesRead,
    bytesTotal: total,
    percent,
    rowsPerSecond,
    secondsLeft,
    stalled,
    text: {
      headline,
      rows,
      rate,
      left: left.charAt(0).toUpperCase() + left.slice(1),
      read,
      failure: b.status === 'failed' ? FAILURE_TEXT[b.failure ?? 'error'] : stalled ? STALLED_TEXT : null,
    },
  };
}
