import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints on a worker thread. SQLite copies the write-ahead log back into the
 * database file (a checkpoint) in whichever commit takes the log past `wal_autocheckpoint`
 * pages; on the server that is the one thread that answers requests, and under a checkout
 * load it was a third of its time and most of its worst latencies. Here a second connection
 * on its own thread runs a PASSIVE checkpoint every `every_ms`, which never blocks the
 * writer; the server's connection keeps a high autocheckpoint only as a backstop, so the log
 * stays bounded (and is restarted) even when the worker falls behind. If the worker dies,
 * `onExit` lets the server go back to checkpointing itself.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 100');
const timer = setInterval(() => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ checkpointed: result.checkpointed, log: result.log });
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
}, workerData.every_ms);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface CheckpointReport {
  /** Frames in the log, and how many of them are in the database file, after the last checkpoint. */
  log: number;
  checkpointed: number;
  checkpoints: number;
}

export class Checkpointer {
  readonly report: CheckpointReport = { log: 0, checkpointed: 0, checkpoints: 0 };
  readonly #worker: Worker;
  readonly #exited: Promise<void>;

  constructor(file: string, options: { every_ms: number; onExit: () => void }) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, every_ms: options.every_ms } });
    // Never the reason the process stays up.
    this.#worker.unref();
    this.#worker.on('message', (message: { checkpointed?: number; log?: number }) => {
      if (message.log === undefined || message.checkpointed === undefined) return;
      this.report.log = message.log;
      this.report.checkpointed = message.checkpointed;
      this.report.checkpoints += 1;
    });
    this.#worker.on('error', () => {});
    this.#exited = new Promise((resolve) => {
      this.#worker.once('exit', () => {
        options.onExit();
        resolve();
      });
    });
  }

  /** Stops the worker and closes its connection; resolves once it is gone. */
  async stop(): Promise<void> {
    // Held by the worker until it is gone, or a shutdown waiting for it would find the event loop empty.
    this.#worker.ref();
    this.#worker.postMessage('stop');
    await this.#exited;
  }
}
