import type { Executor } from './database.js';

export type ChangeListener = (db: Executor, id: string) => Promise<void>;

/**
 * Announces, inside the writer's transaction, that a row another module keeps a read model
 * of has changed (a product, a store). Listeners run in that same transaction, so the read
 * model (the search index) commits or rolls back with the change and is never behind it.
 * Reactions that may fail or take long (mail, webhooks) belong in the outbox instead.
 */
export class ChangeFeed {
  readonly #listeners = new Set<ChangeListener>();

  listen(listener: ChangeListener): void {
    this.#listeners.add(listener);
  }

  async changed(db: Executor, id: string): Promise<void> {
    for (const listener of this.#listeners) await listener(db, id);
  }
}
