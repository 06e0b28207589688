import { parseArgs } from 'node:util';
import { CONFIG_VARIABLES, type Config, ConfigError, loadConfig } from './kernel/config.js';
import type { Database } from './kernel/db/database.js';
import { AppError } from './kernel/errors.js';

// Commands load the server, the database drivers and the modules only when they run, so
// `jishi --help` answers at once.
const loadDatabase = async () => {
  const [{ openDatabase }, { migrate }, { allMigrations }] = await Promise.all([
    import('./kernel/db/database.js'),
    import('./kernel/db/migrate.js'),
    import('./modules.js'),
  ]);
  return { openDatabase, migrateAll: (database: Database) => migrate(database, allMigrations) };
};

/** The `jishi` command. Each subcommand prints its own help with --help. */
interface Command {
  summary: string;
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; description: string }>;
  run(values: Record<string, string | boolean | undefined>): Promise<number>;
}

/** PostgreSQL connections each search thread opens (decision 0016). */
const SEARCH_THREAD_POOL_SIZE = 4;

const configHelp = CONFIG_VARIABLES.map(([name, meaning]) => `  ${name.padEnd(20)} ${meaning}`).join('\n');

async function withDatabase<T>(config: Config, work: (database: Database) => Promise<T>): Promise<T> {
  const { openDatabase } = await loadDatabase();
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/**
 * With WORKERS > 1 this process migrates the database once, then runs that many server
 * processes sharing the port (node:cluster), restarts one that dies, and passes SIGTERM on.
 * Nothing a request needs lives only in one process's memory, so any of them may answer.
 */
async function servePrimary(config: Config): Promise<number> {
  const cluster = (await import('node:cluster')).default;
  const { migrateAll } = await loadDatabase();
  await withDatabase(config, migrateAll);
  let stopping = false;
  for (let index = 0; index < config.workers; index += 1) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`server process ${worker.process.pid} ended (${signal ?? code}); starting another`);
    cluster.fork();
  });
  // Waits for each server process's own exit: `cluster.workers` drops a worker only once both
  // its exit and its disconnect have been seen, in either order, so counting it could miss
  // the last one and leave this process with nothing to wait on.
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const exits = Object.values(cluster.workers ?? {}).map((worker) => {
      if (!worker || worker.isDead()) return Promise.resolve();
      const exited = new Promise((resolve) => worker.process.once('exit', resolve));
      worker.process.kill('SIGTERM');
      return exited;
    });
    void Promise.all(exits).then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return new Promise<number>(() => {});
}

async function serve(): Promise<number> {
  const config = loadConfig();
  if (config.workers > 1 && (await import('node:cluster')).default.isPrimary) return servePrimary(config);
  const [{ openDatabase, migrateAll }, { buildApp }] = await Promise.all([loadDatabase(), import('./server.js')]);
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    backgroundCheckpoints: true,
  });
  await migrateAll(database);
  const app = await buildApp({
    config,
    database,
    searchThreads: {
      threads: config.searchThreads,
      // A search thread holds a few requests at a time; the server's own pool does the writing.
      database: { databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: SEARCH_THREAD_POOL_SIZE },
    },
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.jishi.log.info({ signal }, 'stopping: finishing in-flight requests');
    app.jishi.draining = true;
    const force = setTimeout(() => {
      app.jishi.log.error('in-flight requests did not finish in time; exiting');
      app.jishi.flushLogs();
      process.exit(1);
    }, config.shutdownTimeout_ms);
    force.unref();
    // A keep-alive socket that goes idle after its last response would hold the close open;
    // sweep idle sockets until everything in flight has finished.
    const sweeper = setInterval(() => app.server.closeIdleConnections(), 50);
    sweeper.unref();
    await app.close();
    clearInterval(sweeper);
    await database.close();
    app.jishi.log.info('stopped');
    app.jishi.flushLogs();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('exit', () => app.jishi.flushLogs());
  const address = await app.listen({ port: config.port, host: config.host });
  // Timers, holds, callbacks and outbox deliveries run in every server process; the queue's
  // leases keep two processes from completing one job.
  app.jishi.buying?.runner.start();
  app.jishi.log.info({ address, database: database.description, url: config.publicUrl }, 'Jishi is serving');
  // The start-up lines are worth seeing at once, not when the buffer next fills.
  app.jishi.flushLogs();
  return new Promise<number>(() => {});
}

const commands: Record<string, Command> = {
  serve: {
    summary: 'Run the marketplace server (migrates the database first)',
    usage: 'jishi serve',
    options: {},
    run: serve,
  },
  migrate: {
    summary: 'Bring the database schema up to date',
    usage: 'jishi migrate',
    options: {},
    async run() {
      const config = loadConfig();
      const { migrateAll } = await loadDatabase();
      const applied = await withDatabase(config, migrateAll);
      console.log(applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.join(', ')}`);
      return 0;
    },
  },
  seed: {
    summary: 'Fill the marketplace with demo stores, products, photos and buyers',
    usage: 'jishi seed --demo [--if-empty] [--stores N] [--products-per-store N]',
    options: {
      demo: { type: 'boolean', description: 'the demo marketplace (36 stores, 1,080 products, 60 buyers)' },
      'if-empty': { type: 'boolean', description: 'do nothing when the marketplace already has stores' },
      stores: { type: 'string', description: 'how many stores (1–36, default 36)' },
      'products-per-store': { type: 'string', description: 'products in each store (default 30)' },
    },
    async run(values) {
      if (values.demo !== true) {
        console.error('jishi seed needs --demo (the only data set so far).');
        return 2;
      }
      const stores = values.stores === undefined ? 36 : Number(values.stores);
      const perStore = values['products-per-store'] === undefined ? 30 : Number(values['products-per-store']);
      if (!Number.isInteger(stores) || stores < 1 || stores > 36 || !Number.isInteger(perStore) || perStore < 1 || perStore > 1000) {
        console.error('--stores takes 1 to 36 and --products-per-store 1 to 1000.');
        return 2;
      }
      const config = loadConfig();
      const [{ migrateAll }, { seedDemo, DEMO_PASSWORD, DEMO_DOMAIN }, { systemClock }, { DiskBlobStore }, { join }] = await Promise.all([
        loadDatabase(),
        import('./flows/demo/seed.js'),
        import('./kernel/clock.js'),
        import('./kernel/blobs.js'),
        import('node:path'),
      ]);
      return withDatabase(config, async (database) => {
        await migrateAll(database);
        const existing = await database.db.selectFrom('stores').select('id').limit(1).execute();
        if (existing.length > 0 && values['if-empty']) {
          console.log('The marketplace already has stores; not seeding.');
          return 0;
        }
        const context = {
          db: database.db,
          clock: systemClock,
          blobs: new DiskBlobStore(join(config.dataDir, 'blobs')),
          passwordHashCost: config.passwordHashCost,
          sessionTtl_ms: config.sessionTtl_ms,
        };
        const started = Date.now();
        const result = await seedDemo(context, { stores, productsPerStore: perStore, onProgress: progressBar() });
        process.stderr.write('\n');
        console.log(
          `Seeded ${result.stores} stores, ${result.products} products, ${result.buyers} buyers in ${((Date.now() - started) / 1000).toFixed(1)} s. ` +
            `Sign in as seller1@${DEMO_DOMAIN} (or buyer1@…, operator@…) with the password "${DEMO_PASSWORD}".`,
        );
        return 0;
      });
    },
  },
  'ledger verify': {
    summary: 'Check every invariant of the money ledger; exit code 1 when one fails',
    usage: 'jishi ledger verify [--json]',
    options: { json: { type: 'boolean', description: 'print the report as JSON' } },
    async run(values) {
      const config = loadConfig();
      const [{ migrateAll }, { seal, verifyLedger }, { escrowMatchesOrders }, { payoutsMatchTransit }] = await Promise.all([
        loadDatabase(),
        import('./modules/ledger/index.js'),
        import('./modules/orders/index.js'),
        import('./modules/payments/index.js'),
      ]);
      return withDatabase(config, async (database) => {
        await migrateAll(database);
        // Entries committed since the sealer last ran are chained first, so all are checked.
        await seal(database.db);
        const report = await verifyLedger(database.db, [escrowMatchesOrders, payoutsMatchTransit]);
        if (values.json === true) console.log(JSON.stringify(report));
        else if (report.ok)
          console.log(
            'The ledger is sound: every entry balances, balances match postings, escrow matches open orders, payouts in transit match open payouts, nothing is negative, the hash chain is intact.',
          );
        else for (const problem of report.problems) console.log(`${problem.check}: ${problem.detail}`);
        return report.ok ? 0 : 1;
      });
    },
  },
  'search reindex': {
    summary: 'Rebuild the search index from the catalog (searches keep working unless --fresh)',
    usage: 'jishi search reindex [--fresh]',
    options: {
      fresh: { type: 'boolean', description: 'empty the index first and bulk-load it (faster; searches find less until done)' },
    },
    async run(values) {
      const config = loadConfig();
      const [{ migrateAll }, { reindex }] = await Promise.all([loadDatabase(), import('./modules/search/index.js')]);
      return withDatabase(config, async (database) => {
        await migrateAll(database);
        const started = Date.now();
        const bar = progressBar();
        const result = await reindex(database.db, {
          fresh: values.fresh === true,
          onProgress: ({ done, total }) => bar('indexing', done, Math.max(total, done)),
        });
        process.stderr.write('\n');
        console.log(`Indexed ${result.indexed} products in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
        return 0;
      });
    },
  },
  'admin create': {
    summary: 'Create an operator account, or make an existing account an operator',
    usage: 'jishi admin create --email EMAIL --password PASSWORD [--name NAME]',
    options: {
      email: { type: 'string', description: 'the operator’s email' },
      password: { type: 'string', description: 'a password (used only when the account is new)' },
      name: { type: 'string', description: 'display name' },
    },
    async run(values) {
      const email = values.email;
      const password = values.password;
      if (typeof email !== 'string' || typeof password !== 'string') {
        console.error('jishi admin create needs --email and --password.');
        return 2;
      }
      const config = loadConfig();
      const [{ migrateAll }, { createOperator }, { systemClock }] = await Promise.all([
        loadDatabase(),
        import('./modules/accounts/index.js'),
        import('./kernel/clock.js'),
      ]);
      return withDatabase(config, async (database) => {
        await migrateAll(database);
        const context = {
          db: database.db,
          clock: systemClock,
          passwordHashCost: config.passwordHashCost,
          sessionTtl_ms: config.sessionTtl_ms,
        };
        const name = typeof values.name === 'string' ? values.name : undefined;
        const { user, created } = await createOperator(context, { email, password, display_name: name });
        console.log(`${created ? 'Created' : 'Promoted'} operator ${user.email} (${user.id}).`);
        return 0;
      });
    },
  },
};

/** A one-line progress bar on stderr, redrawn at most every 100 ms and at each step's end. */
function progressBar(): (step: string, done: number, total: number) => void {
  let last = 0;
  let lastStep = '';
  return (step, done, total) => {
    const now = Date.now();
    if (step === lastStep && done < total && now - last < 100) return;
    if (step !== lastStep && lastStep) process.stderr.write('\n');
    last = now;
    lastStep = step;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    process.stderr.write(`\r${bar} ${String(Math.round((done / total) * 100)).padStart(3)}%  ${step} ${done}/${total}   `);
  };
}

function commandHelp(command: Command): string {
  const options = Object.entries(command.options)
    .map(([option, { description }]) => `  --${option.padEnd(18)} ${description}`)
    .join('\n');
  return [
    `${command.summary}.`,
    '',
    `Usage: ${command.usage}`,
    options ? `\nOptions:\n${options}` : '',
    '',
    'Configuration (environment):',
    configHelp,
  ].join('\n');
}

function mainHelp(): string {
  const list = Object.entries(commands)
    .map(([name, command]) => `  ${name.padEnd(15)} ${command.summary}`)
    .join('\n');
  return `Jishi (集市), a self-hostable marketplace.\n\nUsage: jishi <command> [options]\n\nCommands:\n${list}\n\nRun jishi <command> --help for a command's options.`;
}

export async function main(argv: string[]): Promise<number> {
  // Commands of two words (`search reindex`, `ledger verify`) are found by their first word.
  const grouped = Object.keys(commands).some((key) => key.startsWith(`${argv[0]} `));
  const name = grouped ? `${argv[0]} ${argv[1] ?? ''}`.trim() : argv[0];
  const rest = argv.slice(name?.split(' ').length ?? 0);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainHelp());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${mainHelp()}`);
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        ...Object.fromEntries(Object.entries(command.options).map(([key, { type }]) => [key, { type }])),
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${commandHelp(command)}`);
    return 2;
  }
  if (values.help) {
    console.log(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(values);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof AppError) {
      console.error(`${error.code}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
