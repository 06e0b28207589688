import { parentPort } from 'node:worker_threads';
import { analyzeBatch, type BatchInput } from './batch.js';

/** The worker side of batch.ts: analyzes each batch it is sent and answers in order. */
parentPort?.on('message', (input: BatchInput) => parentPort?.postMessage(analyzeBatch(input)));
