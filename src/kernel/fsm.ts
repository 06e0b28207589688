import type { Kysely, Migration } from 'kysely';
import type { Clock } from './clock.js';
import type { Executor } from './db/database.js';
import { insertRow, updateWhere } from './db/prepared.js';
import { AppError } from './errors.js';
import { newId } from './ids.js';
import { cancelJob, enqueue, type JobRunner } from './jobs.js';

/**
 * The lifecycle engine. A lifecycle (order, shipment, offer, loan …) is a transition table in
 * its module's `process.ts`: for each transition its name, the actors who may take it, the
 * states it leaves and enters, a guard, an action, and optionally a delay after which the
 * system takes it by itself ("confirm receipt 10 days after delivery"). `defineProcess`
 * checks the table when the module loads: an unknown state, a state no transition reaches,
 * a state that cannot be left and is not final, or a timed transition a person would take
 * all stop the server at start rather than surface on some later order.
 *
 * A transition runs inside the caller's transaction: it moves the subject's `state` with a
 * compare-and-set on `state_version` (so two racing transitions cannot both win), runs the
 * action, appends a history row, cancels the timers of the state it left and schedules those
 * of the state it entered as jobs. Everything commits or rolls back together.
 */
export type ActorType = 'buyer' | 'seller' | 'operator' | 'system';

export interface Actor {
  type: ActorType;
  /** The user id, or a name for the system ("timer", "payment-webhook"). */
  id: string;
}

export interface Subject<State extends string> {
  id: string;
  state: State;
  state_version: number;
}

export interface TransitionContext<State extends string, Row extends Subject<State>, Input> {
  tx: Executor;
  clock: Clock;
  subject: Row;
  actor: Actor;
  input: Input;
  from: State;
  to: State;
  /**
   * Sets columns of the subject's row: applied to `subject` at once and written with one
   * update when the action ends, instead of an update per change.
   */
  stamp(changes: Partial<Row>): void;
}

export interface TransitionDefinition<State extends string, Row extends Subject<State>> {
  name: string;
  from: readonly State[];
  to: State;
  actors: readonly ActorType[];
  /** Throws an AppError when the transition may not be taken now. */
  guard?: (context: TransitionContext<State, Row, unknown>) => void | Promise<void>;
  /**
   * Columns the transition sets that are known before its action (when it was paid, the
   * tracking number): written with the state change itself, in its one update.
   */
  stamps?: (context: TransitionContext<State, Row, unknown>) => Partial<Row>;
  /** The transition's work, in its transaction: move money, write fields, emit events. */
  action?: (context: TransitionContext<State, Row, unknown>) => Promise<void>;
  /** Taken by the system this long after the subject entered a `from` state; undefined: not timed for this subject. */
  after_ms?: (subject: Row) => number | undefined;
}

export interface ProcessDefinition<State extends string, Row extends Subject<State>> {
  name: string;
  /** The table holding the subjects, with `id`, `state`, `state_version` and `updated_at` columns. */
  table: string;
  states: readonly State[];
  initial: State;
  final: readonly State[];
  transitions: readonly TransitionDefinition<State, Row>[];
}

export interface ProcessHistoryTable {
  id: string;
  process: string;
  subject_id: string;
  version: number;
  transition: string;
  from_state: string;
  to_state: string;
  actor_type: ActorType;
  actor_id: string;
  note: string;
  created_at: string;
}

interface HistoryTables {
  process_history: ProcessHistoryTable;
}

export const historyMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('process_history')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('process', 'text', (column) => column.notNull())
      .addColumn('subject_id', 'text', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull())
      .addColumn('transition', 'text', (column) => column.notNull())
      .addColumn('from_state', 'text', (column) => column.notNull())
      .addColumn('to_state', 'text', (column) => column.notNull())
      .addColumn('actor_type', 'text', (column) => column.notNull())
      .addColumn('actor_id', 'text', (column) => column.notNull())
      .addColumn('note', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addUniqueConstraint('process_history_step', ['process', 'subject_id', 'version'])
      .execute();
  },
};

export class ProcessDefinitionError extends Error {
  override name = 'ProcessDefinitionError';
}

function validate<State extends string, Row extends Subject<State>>(definition: ProcessDefinition<State, Row>): void {
  const fail = (problem: string) => {
    throw new ProcessDefinitionError(`process "${definition.name}": ${problem}`);
  };
  const states = new Set<string>(definition.states);
  if (states.size !== definition.states.length) fail('a state is listed twice');
  if (!states.has(definition.initial)) fail(`the initial state "${definition.initial}" is not a state`);
  for (const state of definition.final) if (!states.has(state)) fail(`the final state "${state}" is not a state`);
  const names = new Set<string>();
  for (const transition of definition.transitions) {
    if (names.has(transition.name)) fail(`the transition "${transition.name}" is defined twice`);
    names.add(transition.name);
    if (transition.from.length === 0) fail(`the transition "${transition.name}" leaves no state`);
    for (const state of [...transition.from, transition.to]) {
      if (!states.has(state)) fail(`the transition "${transition.name}" names the unknown state "${state}"`);
    }
    if (transition.actors.length === 0) fail(`nobody may take the transition "${transition.name}"`);
    if (transition.after_ms && (transition.actors.length !== 1 || transition.actors[0] !== 'system')) {
      fail(`the timed transition "${transition.name}" must be taken by the system alone`);
    }
    for (const state of transition.from) {
      if (definition.final.includes(state)) fail(`the transition "${transition.name}" leaves the final state "${state}"`);
    }
  }
  const reached = new Set<string>([definition.initial]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const transition of definition.transitions) {
      if (!reached.has(transition.to) && transition.from.some((state) => reached.has(state))) {
        reached.add(transition.to);
        grew = true;
      }
    }
  }
  for (const state of definition.states) {
    if (!reached.has(state)) fail(`no transition reaches the state "${state}"`);
    const leaves = definition.transitions.some((transition) => transition.from.includes(state));
    if (!leaves && !definition.final.includes(state)) fail(`the state "${state}" cannot be left and is not final`);
  }
}

export interface ApplyOptions<Input> {
  actor: Actor;
  input?: Input;
  note?: string;
  /**
   * The caller read `subject` in this transaction with its row locked (`for update` on
   * PostgreSQL; a SQLite transaction holds the write lock from its start): the
   * compare-and-set cannot miss, so it is sent without waiting for its answer.
   */
  locked?: boolean;
}

export interface Process<State extends string, Row extends Subject<State>> {
  readonly definition: ProcessDefinition<State, Row>;
  /** The transitions this actor could take from the subject's state, for the UI's buttons. */
  available(subject: Row, actorType: ActorType): string[];
  /** Takes a transition in the caller's transaction; returns the subject as it now is. */
  apply<Input>(tx: Executor, clock: Clock, subject: Row, transition: string, options: ApplyOptions<Input>): Promise<Row>;
  /** Schedules the timers of the subject's current state (used when a subject is created). */
  enter(tx: Executor, clock: Clock, subject: Row): Promise<void>;
  history(db: Executor, subjectId: string): Promise<ProcessHistoryTable[]>;
}

const TIMER_JOB = 'process.timer';

function timerKey(processName: string, subjectId: string, transition: string, version: number): string {
  return `timer:${processName}:${subjectId}:${transition}:${version}`;
}

const processes = new Map<string, Process<string, Subject<string>>>();

export function defineProcess<State extends string, Row extends Subject<State>>(
  definition: ProcessDefinition<State, Row>,
): Process<State, Row> {
  validate(definition);
  const byName = new Map(definition.transitions.map((transition) => [transition.name, transition]));

  async function schedule(tx: Executor, clock: Clock, subject: Row, entered_ms: number): Promise<void> {
    for (const transition of definition.transitions) {
      if (!transition.after_ms || !transition.from.includes(subject.state)) continue;
      const delay_ms = transition.after_ms(subject);
      if (delay_ms === undefined) continue;
      await enqueue(tx, clock, {
        kind: TIMER_JOB,
        payload: { process: definition.name, subject_id: subject.id, transition: transition.name, version: subject.state_version },
        run_at_ms: entered_ms + delay_ms,
        dedupe_key: timerKey(definition.name, subject.id, transition.name, subject.state_version),
      });
    }
  }

  async function unschedule(tx: Executor, subject: Row): Promise<void> {
    for (const transition of definition.transitions) {
      if (transition.after_ms && transition.from.includes(subject.state)) {
        await cancelJob(tx, timerKey(definition.name, subject.id, transition.name, subject.state_version));
      }
    }
  }

  const process: Process<State, Row> = {
    definition,
    available(subject, actorType) {
      return definition.transitions
        .filter((transition) => transition.from.includes(subject.state) && transition.actors.includes(actorType) && !transition.after_ms)
        .map((transition) => transition.name);
    },
    async apply(tx, clock, subject, name, options) {
      const transition = byName.get(name);
      if (!transition) throw new AppError('invalid_transition', { message: `There is no "${name}" for this ${definition.name}.` });
      if (!transition.actors.includes(options.actor.type))
        throw new AppError('forbidden', { message: `You may not ${name} this ${definition.name}.` });
      if (!transition.from.includes(subject.state)) {
        throw new AppError('invalid_transition', { message: `A ${definition.name} that is ${subject.state} cannot be ${name}.` });
      }
      const from = subject.state;
      const stamped: Partial<Row> = {};
      let current = subject;
      const context: TransitionContext<State, Row, unknown> = {
        tx,
        clock,
        subject,
        actor: options.actor,
        input: options.input,
        from,
        to: transition.to,
        stamp(changes) {
          Object.assign(stamped, changes);
          Object.assign(current, changes);
        },
      };
      await transition.guard?.(context);
      const now = clock.nowIso();
      const version = subject.state_version + 1;
      const early = { ...stamped, ...transition.stamps?.(context) };
      for (const column of Object.keys(stamped)) delete stamped[column as keyof Row];
      const moved = await updateWhere(
        tx,
        definition.table,
        { ...early, state: transition.to, state_version: version, updated_at: now },
        { id: subject.id, state_version: subject.state_version },
        { blind: options.locked === true },
      );
      if (moved !== 1) {
        throw new AppError('invalid_transition', { message: `This ${definition.name} changed meanwhile; look again.` });
      }
      const after = { ...subject, ...early, state: transition.to, state_version: version, updated_at: now } as Row;
      current = after;
      await transition.action?.({ ...context, subject: after });
      // After the action, so the timers' removal travels with the action's own writes (pg-client.ts).
      await unschedule(tx, subject);
      if (Object.keys(stamped).length > 0) {
        await updateWhere(tx, definition.table, stamped, { id: subject.id }, { blind: true });
      }
      await insertRow<ProcessHistoryTable>(
        tx,
        'process_history',
        {
          id: newId('evt', clock.now_ms()),
          process: definition.name,
          subject_id: subject.id,
          version,
          transition: name,
          from_state: from,
          to_state: transition.to,
          actor_type: options.actor.type,
          actor_id: options.actor.id,
          note: options.note ?? '',
          created_at: now,
        },
        '',
        { blind: true },
      );
      await schedule(tx, clock, after, clock.now_ms());
      return after;
    },
    async enter(tx, clock, subject) {
      await schedule(tx, clock, subject, clock.now_ms());
    },
    history(db, subjectId) {
      return (db as Kysely<HistoryTables>)
        .selectFrom('process_history')
        .selectAll()
        .where('process', '=', definition.name)
        .where('subject_id', '=', subjectId)
        .orderBy('version')
        .execute();
    },
  };
  processes.set(definition.name, process as unknown as Process<string, Subject<string>>);
  return process;
}

/**
 * Runs due timers: the job loads the subject through the module's loader and takes the
 * transition if the subject is still in the state (and version) the timer was set for.
 */
export type SubjectLoader = (tx: Executor, id: string) => Promise<Subject<string> | undefined>;

export function registerTimers(runner: JobRunner, clock: Clock, loaders: Record<string, SubjectLoader>): void {
  runner.handle(TIMER_JOB, async (tx, payload) => {
    const timer = payload as { process: string; subject_id: string; transition: string; version: number };
    const process = processes.get(timer.process);
    const load = loaders[timer.process];
    if (!process || !load) throw new Error(`no process "${timer.process}" to run a timer of`);
    const subject = await load(tx, timer.subject_id);
    if (!subject || subject.state_version !== timer.version) return;
    await process.apply(tx, clock, subject, timer.transition, { actor: { type: 'system', id: 'timer' } });
  });
}
