// A worker for test/threads.test.ts: the built kernel's answerOnThread with a handler whose
// requests say what to do. It needs `npm run build` (npm test builds first).
import { threadId, workerData } from 'node:worker_threads';
import { AppError } from '../../dist/kernel/errors.js';
import { answerOnThread } from '../../dist/kernel/threads.js';

/** The last buffer answered by `bytes`: moved to the calling thread, it is empty (detached) here. */
let lastBytes;

answerOnThread(
  async () => {
    if (workerData?.failSetup) throw new Error('setup failed');
    await new Promise((resolve) => setTimeout(resolve, workerData?.setup_ms ?? 0));
    return async (request) => {
      switch (request.op) {
        case 'where':
          await new Promise((resolve) => setTimeout(resolve, request.ms ?? 0));
          return { threadId, value: request.value };
        case 'spin': {
          // Holds the thread, as a search does, rather than waiting on a timer.
          const until = performance.now() + request.ms;
          while (performance.now() < until) {}
          return { threadId, value: request.value };
        }
        case 'bytes':
          lastBytes = new TextEncoder().encode(request.text);
          return { threadId, bytes: lastBytes };
        case 'moved':
          return { threadId, value: lastBytes.byteLength };
        case 'refuse':
          throw new AppError('validation_failed', { param: 'cursor', message: 'not ours' });
        case 'break':
          throw new TypeError('a bug');
        case 'die':
          // Ends this thread with the request unanswered.
          process.exit(3);
          break;
        default:
          throw new Error(`unknown op ${request.op}`);
      }
    };
  },
  (answer) => (answer.bytes ? [answer.bytes.buffer] : []),
);
