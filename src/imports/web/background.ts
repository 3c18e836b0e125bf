/**
 * Uploaded files import in the background of the server process that received them, so the upload
 * answers at once with the batch page. This keeps the runs one app started: closing the app stops them
 * at their next chunk (the batch is marked failed, 'stopped'; uploading the file again resumes it) and
 * waits for them, so the database is closed only when none is writing.
 */

export class BackgroundImports {
  private readonly controller = new AbortController();
  private readonly running = new Set<Promise<void>>();

  /** Aborted when the app closes: every run started here watches it. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Runs in flight (for tests). */
  get size(): number {
    return this.running.size;
  }

  /**
   * Keeps a run until it settles. The run handles its own outcome: a rejection here is swallowed.
   *
   * @example
   * imports.track(run.then(auditCompletion).finally(removeTempFile));
   */
  track(run: Promise<unknown>): void {
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
  }

  /** Stops every run at its next chunk and waits for all of them. @example await imports.close(); */
  async close(): Promise<void> {
    this.controller.abort();
    await Promise.all([...this.running]);
  }
}
