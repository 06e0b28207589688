import { parentPort } from 'node:worker_threads';
import { batchAnalysis, type WorkerRequest } from './batch.js';

/** The worker side of batch.ts: analyzes each batch it is sent and answers in order; `terms` answers the counts. */
const analysis = batchAnalysis();
parentPort?.on('message', (request: WorkerRequest) =>
  parentPort?.postMessage('batch' in request ? analysis.analyze(request.batch) : analysis.terms()),
);
