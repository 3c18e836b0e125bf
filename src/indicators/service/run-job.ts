/**
 * Runs an evaluation job in a worker thread, so a full evaluation never blocks the server's event
 * loop; or inline (tests, the CLI, where there is nothing else to keep responsive).
 */
import { Worker } from 'node:worker_threads';
import { runEvaluationJob, type EvaluationJob, type EvaluationJobResult } from './evaluate-job.ts';

/**
 * Runs `job` in a worker thread (default) or inline.
 *
 * @example
 * const result = await runJob(job, { inWorker: true });
 */
export async function runJob(
  job: EvaluationJob,
  options: { readonly inWorker?: boolean } = {},
): Promise<EvaluationJobResult> {
  if (options.inWorker === false) return runEvaluationJob(job);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./evaluate-worker.js', import.meta.url), { workerData: job });
    worker.once('message', (result: EvaluationJobResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`The evaluation worker stopped with exit code ${code}`));
    });
  });
}
