// Tasks: the long operations of the model, as objects in the store. A task works on one entity (its
// owner) and holds it while unfinished: a second operation on it is refused as VCD refuses it
// (BUSY_ENTITY). States: running → success | error (its work failed, or a user cancelled it) |
// aborted (the cell stopped before it ended). A task's work is its state change: it runs in one
// transaction with the task's success, so a task that fails or is cancelled changes nothing.
//
// A task that ends without success (its work failed, a user cancelled it, the cell stopped) tells the
// model, through the listeners registered with whenFailed, in the transaction that ends it: what that
// leaves (a vApp whose creation failed) is kept in the store with the task's end, at restart as well.
//
// A task's start is decided in the transaction that writes it, once it holds its owner (begin): the
// entity's state and a VDC's capacity are checked there, against the store as it is then, and what the
// task reserves is written with it, so that concurrent requests can never all pass one check.
//
// Every task this cell starts is carried to its end: a failed work ends it in error, and when that end
// cannot be written either (the store lost its connections) it is tried again, and failing that the
// task is left to endAbandoned, which the cell runs on its clock: no task holds its entity for ever.
// A task records the cell carrying it; when that cell dies (its lease in cells.ts runs out), a live cell's
// sweep (endOrphaned) ends the task as aborted, never another live cell's.
//
// Timing: with no delay (the default, as vcsim's) the work runs before run() returns, so the
// caller's answer already shows success; with a delay the task is answered running, progresses on
// the cell's clock, and its work runs when the delay has passed.
import type { EntityOwner } from '../inventory/entity-type.ts';
import type { Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import { errors, VcdError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Db } from '../store/db.ts';
import type { Database, TaskTable } from '../store/schema.ts';
import { requireVisibleRow } from '../inventory/registry.ts';
import { taskType } from '../entities/task/type.ts';
import type { Session } from '../inventory/principal.ts';
import type { CellService } from './cells.ts';

export type TaskStatus = 'running' | 'success' | 'error' | 'aborted';

/** The entity a task works on, as its Owner reference shows it. */
/** What a task is about (inventory/registry.ts ownerOf derives it from the entity's type). */
export type TaskOwner = EntityOwner;

export interface TaskError {
  status: number;
  minorErrorCode: string;
  message: string;
}

export interface Task {
  id: string;
  orgId: string;
  userId: string;
  userName: string;
  owner: TaskOwner;
  operation: string;
  operationName: string;
  serviceNamespace: string;
  status: TaskStatus;
  progress: number;
  startTime: number;
  endTime: number | null;
  expiryTime: number;
  cancelRequested: boolean;
  error: TaskError | undefined;
}

/** A task's state change: the store writes of the operation, in the task's transaction. */
export type TaskWork = (trx: Transaction<Database>) => Promise<void>;

/** What the model says of the entities (by URN) whose tasks ended without success, in the transaction that ends them. */
export type FailureListener = (trx: Transaction<Database>, ownerUrns: readonly string[]) => Promise<void>;

export interface RunTask {
  session: Session;
  owner: TaskOwner;
  /** short name, e.g. metadataUpdate */
  operationName: string;
  /** human text, e.g. "Updating metadata for Organization (uuid)" */
  operation: string;
  work: TaskWork;
  /**
   * The task's start, in the transaction that writes it, once it holds its owner: the checks against the
   * store as it is then (under the row locks that make a check and the start one step), what the task
   * reserves, the entity a creation makes at once. A refusal throws, and nothing of the start is kept.
   */
  begin?: (trx: Transaction<Database>, taskId: string) => Promise<void>;
}

export interface TaskOptions {
  /** 0: a task ends before run() returns; otherwise it ends this long after it started */
  delayMs: number;
  /** this cell, which its tasks record, and the others, whose leases say whether their tasks are still carried */
  cells: CellService;
}

/** VCD keeps a task for 90 days after it started. */
const EXPIRY_MS = 90 * 24 * 60 * 60_000;
/** A delayed task's progress moves in this many steps (25, 50, 75, then done). */
const PROGRESS_STEPS = 4;
/** An org's task list shows its newest tasks, at most this many (VCD's largest page). */
const TASKS_LIST_LIMIT = 128;
const SERVICE_NAMESPACE = 'com.vmware.vcloud';
const MESSAGE_LIMIT = 1024;
/** Tasks no live cell carries (at start, or on the sweep) are ended this many at a time (one transaction, one list of owners, each). */
const ABORT_BATCH = 500;

/** A failed work's end is written in this many tries (each on a connection of its own) before it is left to endAbandoned. */
const END_TRIES = 3;

const CANCELLED: TaskError = { status: 400, minorErrorCode: 'BAD_REQUEST', message: 'The task was canceled by a user request.' };
const ABORTED: TaskError = { status: 500, minorErrorCode: 'INTERNAL_SERVER_ERROR', message: 'The task was aborted: the cell stopped before it completed.' };
const ABANDONED: TaskError = {
  status: 500, minorErrorCode: 'INTERNAL_SERVER_ERROR', message: 'The task failed: the cell could not record its end, and nothing of it was applied.',
};
/** what a task this cell carries has pending while no timer is (its start, its work) */
const NOTHING_PENDING = () => {};

const UNFINISHED = 'running';

/** The error a failed work leaves in its task: a VcdError as it is, anything else with no internals. */
function taskError(err: unknown): TaskError {
  const e = err instanceof VcdError ? err : errors.internal();
  return { status: e.status, minorErrorCode: e.minorErrorCode, message: e.message.slice(0, MESSAGE_LIMIT) };
}

const ended = (now: number, status: TaskStatus, error?: TaskError) => ({
  status, end_time: now, busy_owner: null,
  ...(error && { error_status: error.status, error_code: error.minorErrorCode, error_message: error.message }),
});

function toTask(r: TaskTable): Task {
  return {
    id: r.id, orgId: r.org_id, userId: r.user_id, userName: r.user_name,
    owner: { urn: r.owner_urn, name: r.owner_name, family: r.owner_family, path: r.owner_path },
    operation: r.operation, operationName: r.operation_name, serviceNamespace: r.service_namespace,
    status: r.status as TaskStatus, progress: r.progress,
    startTime: r.start_time, endTime: r.end_time, expiryTime: r.expiry_time,
    cancelRequested: Boolean(r.cancel_requested),
    error: r.error_code === null ? undefined
      : { status: r.error_status ?? 500, minorErrorCode: r.error_code, message: r.error_message ?? '' },
  };
}

/** "metadataUpdate" → "METADATA_UPDATE", the form VCD names a busy entity's operation in. */
const operationCode = (operationName: string) => operationName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

export class TaskService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #delayMs: number;
  readonly #cells: CellService;
  /**
   * The tasks this cell is carrying to their end, from before their row is written: each one's pending
   * timer, to cancel with the task or when the cell stops (NOTHING_PENDING while its start or work runs).
   */
  readonly #live = new Map<string, () => void>();
  /**
   * Tasks this cell started whose end it could not write (the store was out of reach): endAbandoned tries
   * again. Only this cell's own, so that cells sharing a store never end each other's running tasks.
   */
  readonly #owedEnds = new Set<string>();
  readonly #failureListeners: FailureListener[] = [];

  constructor(db: Db, clock: Clock, options: TaskOptions) {
    this.#db = db;
    this.#clock = clock;
    this.#delayMs = options.delayMs;
    this.#cells = options.cells;
  }

  /** Registers what the model says when tasks end without success (the cell's services register at start). */
  whenFailed(listener: FailureListener): void {
    this.#failureListeners.push(listener);
  }

  /** Starts a task on `owner`, or refuses with BUSY_ENTITY while another task holds it. */
  async run(r: RunTask): Promise<Task> {
    const now = this.#clock.now();
    const row: TaskTable = {
      id: newId(), org_id: r.session.orgId, user_id: r.session.userId, user_name: r.session.userName,
      owner_urn: r.owner.urn, owner_name: r.owner.name, owner_family: r.owner.family, owner_path: r.owner.path,
      busy_owner: r.owner.urn,
      operation: r.operation.slice(0, MESSAGE_LIMIT), operation_name: r.operationName, service_namespace: SERVICE_NAMESPACE,
      status: UNFINISHED, progress: 0, start_time: now, end_time: null, expiry_time: now + EXPIRY_MS, cancel_requested: 0,
      error_status: null, error_code: null, error_message: null, cell_id: this.#cells.id,
    };
    this.#live.set(row.id, NOTHING_PENDING);
    // busy_owner is unique: of concurrent starts on one owner, exactly one row goes in.
    const inserted = await this.#db.transaction().execute(async (trx) => {
      const result = await trx.insertInto('tasks').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      if (result.numInsertedOrUpdatedRows) await r.begin?.(trx, row.id);
      return Boolean(result.numInsertedOrUpdatedRows);
    }).catch((e: unknown) => {
      this.#live.delete(row.id);
      // the commit may have gone through though its answer was lost: the task, if it is there, is owed its end
      this.#owedEnds.add(row.id);
      throw e;
    });
    if (!inserted) {
      this.#live.delete(row.id);
      throw await this.#busy(r.owner);
    }
    if (this.#delayMs > 0) this.#schedule(row.id, r, 1);
    else await this.#finish(row.id, r);
    return this.#load(row.id);
  }

  /** A task the caller may see; another's is forbidden, as an id that does not exist is. */
  async get(session: Session, id: string): Promise<Task> {
    // who sees a task is the task type's rule: its user, the org's administrators, the provider
    const row = await requireVisibleRow(this.#db, session, taskType, id);
    return toTask(row);
  }

  /** Cancels an unfinished task the caller may see: it ends at once, in error, with nothing of its work applied. */
  async cancel(session: Session, id: string): Promise<void> {
    const task = await this.get(session, id);
    if (!await this.#endUnsuccessfully([task.id], 'error', CANCELLED)) {
      throw errors.badRequest(`The task ${task.id} has already ended (${task.status}) and cannot be canceled.`);
    }
    this.#live.get(id)?.();
    this.#live.delete(id);
  }

  /** The unfinished tasks that hold any of these entities (by URN): what an entity's Tasks element lists. */
  async unfinishedOn(ownerUrns: readonly string[]): Promise<Task[]> {
    if (!ownerUrns.length) return [];
    const rows = await this.#db.selectFrom('tasks').selectAll().where('busy_owner', 'in', ownerUrns).orderBy('start_time').execute();
    return rows.map(toTask);
  }

  /**
   * Refuses with BUSY_ENTITY while a task holds any of these entities (a VM's operation while its vApp is
   * busy, say); in `db`, a task's start (begin) when it is one.
   */
  async requireIdle(owners: readonly TaskOwner[], db: Db = this.#db): Promise<void> {
    if (!owners.length) return;
    const held = await db.selectFrom('tasks').select('busy_owner').where('busy_owner', 'in', owners.map((o) => o.urn)).executeTakeFirst();
    const owner = held && owners.find((o) => o.urn === held.busy_owner);
    if (owner) throw await this.#busy(owner, db);
  }

  /**
   * An org's newest tasks that the caller may see (an administrator every one, a user their own),
   * at most TASKS_LIST_LIMIT, from the index; `more` says there are older ones (the query service pages them all).
   */
  async listForOrg(session: Session, orgId: string): Promise<{ tasks: Task[]; more: boolean }> {
    const rows = await this.#db.selectFrom('tasks').selectAll()
      .where('org_id', '=', orgId).where('expiry_time', '>', this.#clock.now()).where(taskType.visibility(session))
      .orderBy('start_time', 'desc').orderBy('id', 'desc').limit(TASKS_LIST_LIMIT + 1).execute();
    return { tasks: rows.slice(0, TASKS_LIST_LIMIT).map(toTask), more: rows.length > TASKS_LIST_LIMIT };
  }

  /**
   * At start (once every listener is registered) and on the sweep: tasks left unfinished by a cell that
   * stopped or died (its lease ran out) can never end, so they end as aborted. A live cell's are its own.
   */
  async endOrphaned(): Promise<void> {
    // a batch read at a time (by id, after the last batch): the store may hold any number of them
    for (let after = ''; ;) {
      const batch = (await this.#db.selectFrom('tasks').select('id').where('status', '=', UNFINISHED).where('id', '>', after)
        .where((eb) => eb.or([
          eb('cell_id', 'is', null),
          eb('cell_id', 'not in', eb.selectFrom('cells').select('id').where('heartbeat_at', '>', this.#cells.liveSince())),
        ]))
        .orderBy('id').limit(ABORT_BATCH).execute()).map((t) => t.id);
      const orphaned = batch.filter((id) => !this.#live.has(id));
      if (orphaned.length) await this.#endUnsuccessfully(orphaned, 'aborted', ABORTED);
      if (batch.length < ABORT_BATCH) return;
      after = batch.at(-1)!;
    }
  }

  /**
   * On the clock: the tasks this cell started and could not end (their work failed, and so did every try to
   * write their end: the store was out of reach) end in error now, releasing their entities. Their work's
   * transaction never committed, so nothing of it was applied.
   */
  async endAbandoned(): Promise<void> {
    const owed = [...this.#owedEnds];
    for (let i = 0; i < owed.length; i += ABORT_BATCH) {
      const batch = owed.slice(i, i + ABORT_BATCH);
      try {
        await this.#endUnsuccessfully(batch, 'error', ABANDONED);
        for (const id of batch) this.#owedEnds.delete(id);
      } catch {
        return; // the store is still out of reach: the next round tries again
      }
    }
  }

  /** Tasks past their expiry time are gone, as VCD's are. */
  async purgeExpired(): Promise<void> {
    await this.#db.deleteFrom('tasks').where('expiry_time', '<=', this.#clock.now()).execute();
  }

  /** Stops the timers of delayed tasks (the cell is closing; a live cell's sweep, or the next start, aborts those tasks). */
  stop(): void {
    for (const cancel of this.#live.values()) cancel();
    this.#live.clear();
  }

  async #load(id: string): Promise<Task> {
    return toTask(await this.#db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  }

  async #busy(owner: TaskOwner, db: Db = this.#db): Promise<VcdError> {
    const holder = await db.selectFrom('tasks').select(['id', 'operation_name']).where('busy_owner', '=', owner.urn).executeTakeFirst();
    const [, type, uuid] = /^urn:vcloud:([^:]+):(.+)$/.exec(owner.urn) ?? [];
    // VCD's wording (go-vcloud-director issue 616): the entity, the operation holding it and its task.
    const code = holder ? operationCode(holder.operation_name) : '';
    const by = holder ? ` ${code}. ${code}(com.vmware.vcloud.entity.task:${holder.id})` : '.';
    return errors.busyEntity(`The entity Ref: com.vmware.vcloud.entity.${type}:${uuid} is busy completing an operation${by}`);
  }

  /** Step `step` of a delayed task: progress, or at the last step its end. */
  #schedule(id: string, r: RunTask, step: number): void {
    const cancel = this.#clock.after(this.#delayMs / PROGRESS_STEPS, async () => {
      this.#live.set(id, NOTHING_PENDING);
      if (step === PROGRESS_STEPS) return this.#finish(id, r);
      if (await this.#progress(id, step)) this.#schedule(id, r, step + 1);
      else this.#live.delete(id);
    });
    this.#live.set(id, cancel);
  }

  /**
   * Shows a delayed task's progress; answers whether it is still unfinished. Progress is only shown: when
   * it cannot be written (the store lost its connection), the task goes on, and its end says how it went.
   */
  async #progress(id: string, step: number): Promise<boolean> {
    try {
      const moved = await this.#db.updateTable('tasks').set({ progress: Math.floor((100 * step) / PROGRESS_STEPS) })
        .where('id', '=', id).where('status', '=', UNFINISHED).executeTakeFirst();
      return Boolean(moved.numUpdatedRows);
    } catch {
      return true;
    }
  }

  /**
   * Ends a task: its success and its work in one transaction. Claiming the row first means a cancel
   * that got there before wins (nothing is applied), and one that comes after finds the task ended.
   * A work that fails, for whatever reason, ends the task in error (#endFailed); this cell then no
   * longer carries it.
   */
  async #finish(id: string, r: RunTask): Promise<void> {
    try {
      await this.#db.transaction().execute(async (trx) => {
        const claimed = await trx.updateTable('tasks').set({ ...ended(this.#clock.now(), 'success'), progress: 100 })
          .where('id', '=', id).where('status', '=', UNFINISHED).executeTakeFirst();
        if (claimed.numUpdatedRows) await r.work(trx);
      });
    } catch (err) {
      await this.#endFailed(id, taskError(err));
    } finally {
      this.#live.delete(id);
    }
  }

  /**
   * Writes the end of a task whose work failed. The work may have failed because the store lost its
   * connections, and the first try may meet one more lost connection, so it is tried again, each time
   * on a connection of its own; when every try fails, endAbandoned ends the task later.
   */
  async #endFailed(id: string, error: TaskError): Promise<void> {
    for (let attempt = 1; attempt <= END_TRIES; attempt++) {
      try {
        await this.#endUnsuccessfully([id], 'error', error);
        return;
      } catch {
        // tried again, or left to endAbandoned
      }
    }
    this.#owedEnds.add(id);
  }

  /**
   * Ends those of these tasks that are still unfinished, with `error`, and tells the listeners of their
   * owners in the same transaction; answers how many it ended (none, if another end got there first).
   */
  async #endUnsuccessfully(ids: readonly string[], status: 'error' | 'aborted', error: TaskError): Promise<number> {
    return this.#db.transaction().execute(async (trx) => {
      const unfinished = await trx.selectFrom('tasks').select(['id', 'owner_urn']).where('id', 'in', ids).where('status', '=', UNFINISHED).execute();
      if (!unfinished.length) return 0;
      const result = await trx.updateTable('tasks').set({ ...ended(this.#clock.now(), status, error), ...(error === CANCELLED && { cancel_requested: 1 }) })
        .where('id', 'in', unfinished.map((t) => t.id)).where('status', '=', UNFINISHED).executeTakeFirst();
      // a task another end claimed between the read and the write is that end's to report
      if (Number(result.numUpdatedRows) !== unfinished.length) throw new LostRace();
      for (const listener of this.#failureListeners) await listener(trx, unfinished.map((t) => t.owner_urn));
      return unfinished.length;
    }).catch((e: unknown) => {
      if (e instanceof LostRace) return 0;
      throw e;
    });
  }
}

/** Rolls back an unsuccessful end that found a task ended by another in between. */
class LostRace extends Error {}
