import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { AppError, type ErrorCode, isAppError } from './errors.js';

/**
 * Read-only work on other threads of the same process: a pool of worker threads, each with
 * its own database connection, answering requests the main thread passes on, so that a CPU-
 * heavy read (a search) uses every core and never holds the event loop that serves checkouts
 * and payments. One process still: no cluster, nothing to share between processes.
 *
 * Only for work that is safe to run twice: a request whose thread dies is answered again on
 * the calling thread, and so is one sent while no thread is ready (at start-up, after a
 * crash, or where the compiled worker is absent because tests run the sources).
 * Decision 0016.
 */

/** What a thread answers for one request. */
type Answer = { id: number; output: unknown } | { id: number; failure: Failure };

/** An error crossing from a thread: an AppError keeps its code and param; anything else is a bug (5xx). */
interface Failure {
  message: string;
  stack?: string | undefined;
  app?: { code: ErrorCode; param?: string | undefined; headers?: Record<string, string> | undefined };
}

interface Waiting {
  input: unknown;
  resolve(output: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  waiting: Map<number, Waiting>;
}

export interface ThreadPoolOptions<Input, Output> {
  /** The worker's compiled module; it calls `answerOnThread`. */
  url: URL;
  threads: number;
  /** Passed to every worker as `workerData` (how to open the database). */
  workerData: unknown;
  /** The same work on the calling thread. */
  inline(input: Input): Promise<Output>;
  /** A thread ended or failed: for the log. The pool starts another. */
  onThreadError?(error: Error): void;
  /**
   * Requests a thread holds at once; the rest wait here, in arrival order, for the first
   * thread to finish one (default 2: one working, one ready to start as it ends).
   */
  perThread?: number;
}

/** After a thread dies it is started again after this long, doubling while it keeps dying at once. */
const RESTART_FIRST_MS = 500;
const RESTART_MOST_MS = 30_000;
/** A thread that served this long is taken as healthy: its successor starts after the first delay again. */
const HEALTHY_AFTER_MS = 10_000;

export class ThreadPool<Input, Output> {
  readonly #options: ThreadPoolOptions<Input, Output>;
  readonly #slots: (Slot | undefined)[];
  readonly #restartAfter: number[];
  readonly #timers = new Set<NodeJS.Timeout>();
  /**
   * Requests waiting for a thread. Handing every request to a thread at once, even to the
   * least busy, lets a short search queue behind long ones on one thread while the other
   * runs dry; from one queue each goes to whichever thread frees first.
   */
  readonly #queue: Waiting[] = [];
  readonly #perThread: number;
  #nextId = 1;
  #closed = false;
  #started = false;
  /** Requests answered by a thread, and on the calling thread (none ready, or its thread died). */
  readonly answered = { threads: 0, inline: 0 };

  constructor(options: ThreadPoolOptions<Input, Output>) {
    this.#options = options;
    const threads = existsSync(fileURLToPath(options.url)) ? Math.max(0, options.threads) : 0;
    this.#slots = new Array(threads).fill(undefined);
    this.#restartAfter = new Array(threads).fill(RESTART_FIRST_MS);
    this.#perThread = Math.max(1, options.perThread ?? 2);
  }

  /**
   * The threads start with the first request, not with the pool: a server that nobody has
   * searched yet starts as fast and stays as small as one without threads.
   */
  #startOnce(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    for (let index = 0; index < this.#slots.length; index += 1) this.#start(index);
  }

  /** Threads that are up and answering. */
  get ready(): number {
    return this.#slots.filter((slot) => slot?.ready).length;
  }

  /** Starts the threads and resolves once every one is ready (at once when there are none); for tests. */
  async whenReady(timeout_ms = 30_000): Promise<void> {
    this.#startOnce();
    const until = performance.now() + timeout_ms;
    while (this.ready < this.#slots.length) {
      if (performance.now() > until) throw new Error(`${this.#slots.length - this.ready} threads did not start in ${timeout_ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  run(input: Input): Promise<Output> {
    this.#startOnce();
    if (!this.#anyReady()) return this.#inline(input);
    return new Promise<Output>((resolve, reject) => {
      this.#queue.push({ input, resolve: resolve as (output: unknown) => void, reject });
      this.#dispatch();
    });
  }

  /** Hands waiting requests to threads with room, least busy first. */
  #dispatch(): void {
    while (this.#queue.length > 0) {
      let best: Slot | undefined;
      for (const slot of this.#slots) {
        if (slot?.ready && slot.waiting.size < this.#perThread && (!best || slot.waiting.size < best.waiting.size)) best = slot;
      }
      if (!best) return;
      const entry = this.#queue.shift() as Waiting;
      const id = this.#nextId++;
      best.waiting.set(id, entry);
      best.worker.postMessage({ id, input: entry.input });
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    const slots = this.#slots.splice(0);
    await Promise.all(slots.map((slot) => slot?.worker.terminate()));
    // Anything still waiting is answered here, as when a thread dies.
    for (const slot of slots) if (slot) this.#answerInline(takeAll(slot.waiting));
    this.#answerInline(this.#queue.splice(0));
  }

  #start(index: number): void {
    const worker = new Worker(this.#options.url, { workerData: this.#options.workerData });
    const slot: Slot = { worker, ready: false, waiting: new Map() };
    const started_ms = performance.now();
    this.#slots[index] = slot;
    worker.on('message', (message: Answer | 'ready') => {
      if (message === 'ready') {
        slot.ready = true;
        this.#dispatch();
        return;
      }
      const waiting = slot.waiting.get(message.id);
      if (!waiting) return;
      slot.waiting.delete(message.id);
      this.#dispatch();
      this.answered.threads += 1;
      if ('output' in message) waiting.resolve(message.output);
      else waiting.reject(errorOf(message.failure));
    });
    let ended = false;
    const end = (error: Error) => {
      if (ended) return;
      ended = true;
      slot.ready = false;
      if (this.#slots[index] === slot) this.#slots[index] = undefined;
      this.#answerInline(takeAll(slot.waiting));
      // With no thread left, what waits for one is answered here too.
      if (!this.#anyReady()) this.#answerInline(this.#queue.splice(0));
      if (this.#closed) return;
      void worker.terminate();
      this.#options.onThreadError?.(error);
      const delay = performance.now() - started_ms > HEALTHY_AFTER_MS ? RESTART_FIRST_MS : (this.#restartAfter[index] ?? RESTART_FIRST_MS);
      this.#restartAfter[index] = Math.min(delay * 2, RESTART_MOST_MS);
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        if (!this.#closed) this.#start(index);
      }, delay);
      timer.unref();
      this.#timers.add(timer);
    };
    worker.on('error', end);
    worker.on('exit', (code) => end(new Error(`thread exited with code ${code}`)));
    // A pool must not keep a process alive that has nothing else to do.
    worker.unref();
  }

  /** Requests no thread will answer (a dead thread's, or all waiting when none is left), answered on this thread instead. */
  #answerInline(entries: readonly Waiting[]): void {
    for (const entry of entries) this.#inline(entry.input as Input).then(entry.resolve, entry.reject);
  }

  #anyReady(): boolean {
    return this.#slots.some((slot) => slot?.ready);
  }

  #inline(input: Input): Promise<Output> {
    this.answered.inline += 1;
    return this.#options.inline(input);
  }
}

/** A thread's requests in hand, taken from it. */
function takeAll(waiting: Map<number, Waiting>): Waiting[] {
  const all = [...waiting.values()];
  waiting.clear();
  return all;
}

function errorOf(failure: Failure): Error {
  if (failure.app) {
    return new AppError(failure.app.code, { message: failure.message, param: failure.app.param, headers: failure.app.headers });
  }
  const error = new Error(failure.message);
  if (failure.stack) error.stack = failure.stack;
  return error;
}

function failureOf(error: unknown): Failure {
  if (isAppError(error)) {
    return { message: error.message, app: { code: error.code, param: error.param, headers: error.headers } };
  }
  if (error instanceof Error) return { message: error.message, stack: error.stack };
  return { message: String(error) };
}

/**
 * The worker side: `setup` runs once (open the database, warm caches) and gives the handler;
 * the thread says it is ready, then answers each request with its id, in any order.
 *
 * `transferOf` names the buffers of an output that move to the calling thread instead of being
 * copied (they are unusable here afterwards). A large answer should travel so: a string
 * copied across arrives on the calling thread's heap, where the young-generation collector
 * keeps copying it (measured: ~2.5 MB promoted and a 10 ms pause every ~200 ms under a
 * search load, against ~1 ms with 13 KB answers as moved bytes). Decision 0016.
 */
export function answerOnThread<Input, Output>(
  setup: () => Promise<(input: Input) => Promise<Output>>,
  transferOf: (output: Output) => ArrayBuffer[] = () => [],
): void {
  const port = parentPort;
  if (isMainThread || !port) throw new Error('answerOnThread runs in a worker thread');
  void setup().then((handle) => {
    port.on('message', ({ id, input }: { id: number; input: Input }) => {
      handle(input).then(
        (output) => port.postMessage({ id, output } satisfies Answer, transferOf(output)),
        (error: unknown) => port.postMessage({ id, failure: failureOf(error) } satisfies Answer),
      );
    });
    port.postMessage('ready');
  });
}
