import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isVocabularyWord } from './analyzer.js';
import {
  type CategorySource,
  type IndexDocument,
  indexDocument,
  type PackedDocument,
  type ProductSource,
  packDocument,
  type StoreSource,
} from './document.js';

export interface BatchInput {
  products: ProductSource[];
  stores: Record<string, StoreSource>;
  paths: Record<string, CategorySource[]>;
  dialect: 'sqlite' | 'postgres';
}

/** The words of a document that go in the vocabulary (prefixes and typos). */
export function vocabulary(document: Pick<IndexDocument, 'title' | 'body'>): string[] {
  const words = new Set<string>();
  for (const tokens of [document.title, document.body]) for (const token of tokens) if (isVocabularyWord(token)) words.add(token);
  return [...words];
}

/**
 * A bulk load's analysis: each batch of products becomes documents packed as the engine stores
 * them, and the vocabulary's counts add up over the whole load. Pure but for those counts, so
 * it runs the same on a worker thread.
 */
export function batchAnalysis() {
  const counts = new Map<string, number>();
  return {
    analyze(input: BatchInput): PackedDocument[] {
      const documents: PackedDocument[] = [];
      for (const product of input.products) {
        const store = input.stores[product.store_id];
        if (!store) continue;
        const document = indexDocument(product, store, input.paths[product.category_id] ?? []);
        for (const term of vocabulary(document)) counts.set(term, (counts.get(term) ?? 0) + 1);
        documents.push(packDocument(document, input.dialect));
      }
      return documents;
    },
    /** How many of the documents analyzed so far each vocabulary word occurs in. */
    terms: (): [string, number][] => [...counts],
  };
}

export interface Analyzer {
  analyze(input: BatchInput): Promise<PackedDocument[]>;
  /** The vocabulary's counts over every batch analyzed so far. */
  terms(): Promise<[string, number][]>;
  close(): Promise<void>;
}

/** Analysis on the calling thread, for small loads and reconciles. */
export function inlineAnalyzer(): Analyzer {
  const analysis = batchAnalysis();
  return { analyze: async (input) => analysis.analyze(input), terms: async () => analysis.terms(), close: async () => {} };
}

/** What the main thread sends the worker: a batch to analyze, or `terms` for the counts. */
export type WorkerRequest = { batch: BatchInput } | { terms: true };

/**
 * Analysis on a second thread, so a bulk load's text analysis and its database writes run at
 * once on two cores. Inline where the compiled worker is absent (tests run the sources).
 */
export function startAnalyzer(): Analyzer {
  const url = new URL('./batch-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return inlineAnalyzer();
  const worker = new Worker(url);
  const waiting: { resolve: (output: unknown) => void; reject: (error: Error) => void }[] = [];
  worker.on('message', (output: unknown) => waiting.shift()?.resolve(output));
  worker.on('error', (error) => {
    for (const entry of waiting.splice(0)) entry.reject(error);
  });
  const ask = <T>(request: WorkerRequest) =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ resolve: resolve as (output: unknown) => void, reject });
      worker.postMessage(request);
    });
  return {
    analyze: (batch) => ask<PackedDocument[]>({ batch }),
    terms: () => ask<[string, number][]>({ terms: true }),
    close: async () => {
      await worker.terminate();
    },
  };
}
