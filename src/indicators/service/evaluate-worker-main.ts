// The body of the evaluation worker: one job in (workerData), one result out (postMessage).
import { parentPort, workerData } from 'node:worker_threads';
import { runEvaluationJob, type EvaluationJob } from './evaluate-job.ts';

parentPort?.postMessage(runEvaluationJob(workerData as EvaluationJob));
