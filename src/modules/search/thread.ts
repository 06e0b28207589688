import { workerData } from 'node:worker_threads';
import { type DatabaseOptions, openDatabase } from '../../kernel/db/database.js';
import { answerOnThread } from '../../kernel/threads.js';
import type { Clause } from './query.js';
import { type Answered, answered, type SearchParams, search } from './service.js';

/** What the server sends a search thread: the request's parameters and the words it parsed from `q`. */
export interface ThreadSearch {
  params: SearchParams;
  clauses: Clause[];
}

/**
 * A search thread (threads.ts in the kernel, decision 0016): its own connection to the
 * database the server opened, its own value cache, and the same `search` the server would
 * run inline, on the words the server parsed (the Chinese dictionary stays on the main thread).
 */
answerOnThread(
  async () => {
    const database = openDatabase(workerData as DatabaseOptions);
    // A first query before the thread says it is ready: prepared statements, the category tree.
    await search(database.db, { q: 'phone', limit: 1 }, [{ kind: 'word', text: 'phone', prefix: false }]);
    return ({ params, clauses }: ThreadSearch): Promise<Answered> => search(database.db, params, clauses).then(answered);
  },
  (answer) => [answer.body.buffer as ArrayBuffer],
);
