import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../src/kernel/errors.js';
import { ThreadPool } from '../src/kernel/threads.js';

type Request =
  | { op: 'where' | 'spin'; value?: number; ms?: number }
  | { op: 'bytes'; text: string }
  | { op: 'moved' }
  | { op: 'refuse' }
  | { op: 'break' }
  | { op: 'die' };
type Answer = { threadId: number; value?: number; bytes?: Uint8Array };

const fixture = new URL('./support/thread-fixture.mjs', import.meta.url);
if (!existsSync(fileURLToPath(new URL('../dist/kernel/threads.js', import.meta.url)))) {
  throw new Error('the thread fixture runs the built kernel: run `npm run build` first (npm test does)');
}

let pool: ThreadPool<Request, Answer> | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

/** The calling thread's answer: what the pool runs when no thread takes a request. */
const inline = async (request: Request): Promise<Answer> => {
  if (request.op !== 'where') throw new Error(`inline got ${request.op}`);
  return { threadId, value: request.value };
};

function start(threads: number, workerData: unknown = {}, url = fixture, errors: Error[] = [], perThread?: number) {
  pool = new ThreadPool<Request, Answer>({ url, threads, workerData, inline, perThread, onThreadError: (error) => errors.push(error) });
  return pool;
}

describe('the thread pool', () => {
  it('answers on its threads, spreading requests in flight over them', async () => {
    const threads = start(2);
    await threads.whenReady();
    const answers = await Promise.all(Array.from({ length: 8 }, (_, value) => threads.run({ op: 'where', value, ms: 20 })));
    expect(answers.map((answer) => answer.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const used = new Set(answers.map((answer) => answer.threadId));
    expect(used.has(threadId)).toBe(false);
    expect(used.size).toBe(2);
    expect(threads.answered).toEqual({ threads: 8, inline: 0 });
  });

  it('gives a waiting request to the first thread that frees, not to one held by a long request', async () => {
    const threads = start(2, {}, fixture, [], 1);
    await threads.whenReady();
    const done: string[] = [];
    const track = (name: string, request: Request) => threads.run(request).then((answer) => done.push(name) && answer);
    const long = track('long', { op: 'spin', ms: 600 });
    const short = Array.from({ length: 4 }, (_, index) => track(`short${index}`, { op: 'spin', ms: 20, value: index }));
    await Promise.all([long, ...short]);
    // Handed out at once, two of the short ones would have queued on the thread held by the long one.
    expect(done).toEqual(['short0', 'short1', 'short2', 'short3', 'long']);
    expect(threads.answered).toEqual({ threads: 5, inline: 0 });
  });

  it('moves the buffers the worker names to the calling thread instead of copying them', async () => {
    const threads = start(1);
    await threads.whenReady();
    const answer = await threads.run({ op: 'bytes', text: '手机 case' });
    expect(answer.threadId).not.toBe(threadId);
    expect(new TextDecoder().decode(answer.bytes)).toBe('手机 case');
    // Moved, the worker's own view of the buffer is empty.
    expect((await threads.run({ op: 'moved' })).value).toBe(0);
  });

  it('starts its threads with the first request', async () => {
    const threads = start(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(threads.ready).toBe(0);
    await threads.run({ op: 'where', value: 1 });
    await threads.whenReady();
    expect(threads.ready).toBe(1);
  });

  it('answers on the calling thread until a thread is ready', async () => {
    const threads = start(1, { setup_ms: 300 });
    expect(threads.ready).toBe(0);
    expect((await threads.run({ op: 'where', value: 1 })).threadId).toBe(threadId);
    await threads.whenReady();
    expect((await threads.run({ op: 'where', value: 2 })).threadId).not.toBe(threadId);
    expect(threads.answered).toEqual({ threads: 1, inline: 1 });
  });

  it('keeps an AppError’s code and param, and a bug’s message', async () => {
    const threads = start(1);
    await threads.whenReady();
    const refused = await threads.run({ op: 'refuse' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'validation_failed', status: 400, param: 'cursor', message: 'not ours' });
    const broken = await threads.run({ op: 'break' }).catch((error: unknown) => error);
    expect(broken).toBeInstanceOf(Error);
    expect(broken).not.toBeInstanceOf(AppError);
    expect((broken as Error).message).toBe('a bug');
    // The thread is still there after both.
    expect(threads.ready).toBe(1);
  });

  it('answers a dead thread’s requests on the calling thread and starts another', async () => {
    const errors: Error[] = [];
    const threads = start(1, {}, fixture, errors);
    await threads.whenReady();
    const slow = threads.run({ op: 'where', value: 7, ms: 300 });
    // The request that killed the thread is run inline too: here inline refuses it, as a bug would.
    const died = await threads.run({ op: 'die' }).catch((error: unknown) => error);
    expect((died as Error).message).toBe('inline got die');
    expect(await slow).toEqual({ threadId, value: 7 });
    expect(errors.map((error) => error.message)).toEqual(['thread exited with code 3']);
    expect(threads.ready).toBe(0);
    await threads.whenReady(5_000);
    expect((await threads.run({ op: 'where', value: 8 })).threadId).not.toBe(threadId);
  });

  it('answers the requests waiting for a thread on the calling thread when the last thread dies', async () => {
    const threads = start(1, {}, fixture, [], 1);
    await threads.whenReady();
    const died = threads.run({ op: 'die' }).catch((error: unknown) => error);
    const queued = [1, 2, 3].map((value) => threads.run({ op: 'where', value }));
    expect(((await died) as Error).message).toBe('inline got die');
    expect(await Promise.all(queued)).toEqual([1, 2, 3].map((value) => ({ threadId, value })));
    expect(threads.answered.inline).toBe(4);
  });

  it('retries a thread whose setup fails, and meanwhile answers inline', async () => {
    const errors: Error[] = [];
    const threads = start(1, { failSetup: true }, fixture, errors);
    expect((await threads.run({ op: 'where', value: 2 })).threadId).toBe(threadId);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Started, failed, started again after half a second, failed again.
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors[0]?.message).toContain('setup failed');
    expect(threads.ready).toBe(0);
    expect((await threads.run({ op: 'where', value: 3 })).threadId).toBe(threadId);
  });

  it('runs inline where the compiled worker is absent', async () => {
    const threads = start(2, {}, new URL('./support/no-such-worker.mjs', import.meta.url));
    await threads.whenReady();
    expect(threads.ready).toBe(0);
    expect((await threads.run({ op: 'where', value: 1 })).threadId).toBe(threadId);
  });

  it('answers what is still waiting on the calling thread when it closes', async () => {
    const threads = start(1);
    await threads.whenReady();
    const waiting = threads.run({ op: 'where', value: 5, ms: 1_000 });
    await threads.close();
    expect(await waiting).toEqual({ threadId, value: 5 });
  });
});
