import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { CommitStats } from '../db/sqlite-dialect.js';

/**
 * Prometheus metrics at /metrics. Each app has its own registry so that several apps in one
 * test process never share counters. Requests are labelled by route pattern, never by raw
 * URL, so the label set stays bounded.
 */
export function registerMetrics(
  app: FastifyInstance,
  options: { token: string | undefined; commitStats?: (() => CommitStats) | undefined },
): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'jishi_' });
  const commitStats = options.commitStats;
  if (commitStats) {
    // Group commit (sqlite-dialect.ts): transactions per commit tells how much it saves.
    new Gauge({
      name: 'jishi_sqlite_transactions_committed',
      help: 'SQLite transactions committed since start',
      registers: [registry],
      collect() {
        this.set(commitStats().transactions);
      },
    });
    new Gauge({
      name: 'jishi_sqlite_commits',
      help: 'SQLite group commits since start (each carries one or more transactions)',
      registers: [registry],
      collect() {
        this.set(commitStats().commits);
      },
    });
  }
  const requests = new Counter({
    name: 'jishi_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'jishi_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route',
    labelNames: ['route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  // Label lookups hash their label values; children are cached per route and status instead.
  const requestCounters = new Map<string, ReturnType<typeof requests.labels>>();
  const durationHistograms = new Map<string, ReturnType<typeof durations.labels>>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${route} ${reply.statusCode}`;
    let counter = requestCounters.get(key);
    if (!counter) {
      counter = requests.labels(request.method, route, String(reply.statusCode));
      requestCounters.set(key, counter);
    }
    counter.inc();
    let histogram = durationHistograms.get(route);
    if (!histogram) {
      histogram = durations.labels(route);
      durationHistograms.set(route, histogram);
    }
    histogram.observe(reply.elapsedTime / 1000);
    done();
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (options.token && request.headers.authorization !== `Bearer ${options.token}`) {
      return reply
        .status(401)
        .send({ error: { type: 'authentication', code: 'authentication_required', message: 'Metrics need the metrics token.' } });
    }
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return registry;
}
