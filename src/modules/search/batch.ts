import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isVocabularyWord } from './analyzer.js';
import { type CategorySource, type IndexDocument, indexDocument, type ProductSource, type StoreSource } from './document.js';

export interface BatchInput {
  products: ProductSource[];
  stores: Record<string, StoreSource>;
  paths: Record<string, CategorySource[]>;
}

export interface BatchOutput {
  documents: IndexDocument[];
  /** How many of the batch's documents each vocabulary word occurs in. */
  terms: [string, number][];
}

/** The words of a document that go in the vocabulary (prefixes and typos). */
export function vocabulary(document: Pick<IndexDocument, 'title' | 'body'>): string[] {
  return [...new Set([...document.title, ...document.body])].filter(isVocabularyWord);
}

/** Analyzes a batch of products for a bulk load. Pure, so it runs the same in a worker thread. */
export function analyzeBatch(input: BatchInput): BatchOutput {
  const documents: IndexDocument[] = [];
  const counts = new Map<string, number>();
  for (const product of input.products) {
    const store = input.stores[product.store_id];
    if (!store) continue;
    const document = indexDocument(product, store, input.paths[product.category_id] ?? []);
    for (const term of vocabulary(document)) counts.set(term, (counts.get(term) ?? 0) + 1);
    documents.push(document);
  }
  return { documents, terms: [...counts] };
}

export interface Analyzer {
  analyze(input: BatchInput): Promise<BatchOutput>;
  close(): Promise<void>;
}

/** Analysis on the calling thread, for small loads and reconciles. */
export const inlineAnalyzer: Analyzer = { analyze: async (input) => analyzeBatch(input), close: async () => {} };

/**
 * Analysis on a second thread, so a bulk load's text analysis and its database writes run at
 * once on two cores. Inline where the compiled worker is absent (tests run the sources).
 */
export function startAnalyzer(): Analyzer {
  const url = new URL('./batch-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return inlineAnalyzer;
  const worker = new Worker(url);
  const waiting: { resolve: (output: BatchOutput) => void; reject: (error: Error) => void }[] = [];
  worker.on('message', (output: BatchOutput) => waiting.shift()?.resolve(output));
  worker.on('error', (error) => {
    for (const entry of waiting.splice(0)) entry.reject(error);
  });
  return {
    analyze: (input) =>
      new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        worker.postMessage(input);
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
