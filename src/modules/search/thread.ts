import { workerData } from 'node:worker_threads';
import { type DatabaseOptions, openDatabase } from '../../kernel/db/database.js';
import { answerOnThread } from '../../kernel/threads.js';
import { type Answered, answered, type SearchParams, search } from './service.js';

/**
 * A search thread (threads.ts in the kernel, decision 0016): its own connection to the
 * database the server opened, its own value cache, and the same `search` the server would
 * run inline. A warm-up query loads the Chinese dictionary before the thread says it is ready.
 */
answerOnThread(async () => {
  const database = openDatabase(workerData as DatabaseOptions);
  await search(database.db, { q: '手机 phone', limit: 1 });
  return (params: SearchParams): Promise<Answered> => search(database.db, params).then(answered);
});
