import { describe, expect, it } from 'vitest';
import { bytesText, durationText, progressOf, type ProgressColumns } from './batch-progress.ts';

const running: ProgressColumns = {
  status: 'running',
  failure: null,
  rowsRead: 5000,
  bytesRead: 500_000,
  bytesTotal: 1_000_000,
  runSeconds: 10,
  idleSeconds: 0,
};

describe('progressOf', () => {
  it('gives rows a second from this run and the time left from bytes read against the file size', () => {
    const p = progressOf(running);
    expect(p).toMatchObject({ percent: 50, rowsPerSecond: 500, secondsLeft: 10, stalled: false });
    expect(p.text).toMatchObject({
      headline: 'The file is being imported.',
      rows: '5,000 rows read',
      rate: '500 rows a second',
      left: 'Less than a minute',
      read: '488 KB of 977 KB (50%)',
      failure: null,
    });
  });

  it('counts the time since the last progress against the estimate, never below nothing', () => {
    expect(progressOf({ ...running, runSeconds: 600, idleSeconds: 2 }).secondsLeft).toBe(598);
    expect(progressOf({ ...running, idleSeconds: 30 }).secondsLeft).toBe(0);
    expect(progressOf({ ...running, runSeconds: 600 }).text.left).toBe('About 10 minutes');
  });

  it('says it is working out the speed until the run has gone on for half a second or read a byte', () => {
    const early = progressOf({ ...running, rowsRead: 0, bytesRead: 0, runSeconds: 0.1 });
    expect(early).toMatchObject({ percent: 0, rowsPerSecond: null, secondsLeft: null });
    expect(early.text.rate).toBe('Working it out');
    expect(early.text.left).toBe('Working it out');
    expect(progressOf({ ...running, bytesRead: 0 }).secondsLeft).toBeNull();
  });

  it('reports a finished batch as all read with nothing left', () => {
    const p = progressOf({ ...running, status: 'completed', bytesRead: 999_000, rowsRead: 9000 });
    expect(p).toMatchObject({ percent: 100, secondsLeft: 0, stalled: false });
    expect(p.text).toMatchObject({ headline: 'The import has finished.', left: 'None', failure: null });
    expect(p.text.read).toBe('977 KB of 977 KB (100%)');
  });

  it('explains a failed batch in plain words, without any error detail', () => {
    const stopped = progressOf({ ...running, status: 'failed', failure: 'stopped' });
    expect(stopped.text.headline).toBe('The import stopped before it finished.');
    expect(stopped.text.failure).toMatch(/because Sightline was shut down/);
    expect(stopped.text.left).toBe('Not known');
    const error = progressOf({ ...running, status: 'failed', failure: 'error' });
    expect(error.text.failure).toMatch(/because of a problem in Sightline/);
    expect(progressOf({ ...running, status: 'failed', failure: null }).text.failure).toBe(error.text.failure);
  });

  it('calls a running batch stalled after five minutes without progress', () => {
    expect(progressOf({ ...running, idleSeconds: 299 }).stalled).toBe(false);
    const p = progressOf({ ...running, idleSeconds: 301 });
    expect(p.stalled).toBe(true);
    expect(p.text.headline).toBe('The import has stalled.');
    expect(p.text.failure).toMatch(/Upload the same file again/);
  });

  it('shows what it can for a batch imported before progress was kept', () => {
    const old = progressOf({ ...running, status: 'completed', bytesTotal: null, runSeconds: null });
    expect(old).toMatchObject({ percent: null, rowsPerSecond: null });
    expect(old.text.read).toBe('488 KB');
  });
});

describe('durationText and bytesText', () => {
  it('round to words a person reads at a glance', () => {
    expect(durationText(59)).toBe('less than a minute');
    expect(durationText(89)).toBe('about 1 minute');
    expect(durationText(150)).toBe('about 3 minutes');
    expect(durationText(5369)).toBe('about 89 minutes');
    expect(durationText(5400)).toBe('about 2 hours');
    expect(bytesText(900)).toBe('900 bytes');
    expect(bytesText(4_404_019)).toBe('4.2 MB');
    expect(bytesText(200 * 1024 * 1024)).toBe('200 MB');
  });
});
