// The cells sharing a store. Each running cell has a row whose lease it renews with a heartbeat on its clock;
// a cell whose lease ran out (it died, or lost the store for longer than the lease) is no longer live, and
// the tasks it carried are ended by the live cells' sweep (tasks.ts). Cells compare their clocks with each
// other's heartbeats: they are expected to keep time (NTP), well within the lease.
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import { newId } from '../ids.ts';
import type { SqlFields } from '../inventory/sql.ts';
import type { Db } from '../store/db.ts';
import type { CellTable } from '../store/schema.ts';
import type { ListPage, ListQuery } from './listing.ts';
import { listInSql } from './sql-listing.ts';

/** A cell renews its lease (and sweeps for the tasks of cells whose lease ran out) three times a lease: two may be missed. */
export const heartbeatMs = (leaseMs: number) => leaseMs / 3;
/** The row of a cell gone this long is removed (till then the list shows it inactive, as VCD does). */
const FORGOTTEN_MS = 24 * 60 * 60_000;

export interface CellRecord {
  id: string;
  name: string;
  primaryIp: string;
  isActive: boolean;
}

export class CellService {
  /** this cell's id, new at every start */
  readonly id = newId();
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #name: string;
  readonly #primaryIp: string;
  readonly #engine: 'sqlite' | 'postgres';
  /** a cell is live while its last heartbeat is more recent than this */
  readonly leaseMs: number;

  constructor(db: Db, engine: 'sqlite' | 'postgres', clock: Clock, where: { name: string; primaryIp: string; leaseMs: number }) {
    this.#db = db;
    this.#engine = engine;
    this.#clock = clock;
    this.leaseMs = where.leaseMs;
    this.#name = where.name;
    this.#primaryIp = where.primaryIp;
  }

  /** Writes (or renews) this cell's lease; a row another cell removed meanwhile is written again. */
  async heartbeat(): Promise<void> {
    const now = this.#clock.now();
    await this.#db.insertInto('cells')
      .values({ id: this.id, name: this.#name, primary_ip: this.#primaryIp, started_at: now, heartbeat_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: now }))
      .execute();
  }

  /** Whether this cell reaches its store now (what the health check answers). */
  reachesStore(): Promise<boolean> {
    return this.#db.selectFrom('cells').select('id').where('id', '=', this.id).executeTakeFirst().then(() => true, () => false);
  }

  /** A cell that stops gives up its lease at once (its tasks are then ended by whichever cell sweeps first). */
  async leave(): Promise<void> {
    await this.#db.updateTable('cells').set({ heartbeat_at: 0 }).where('id', '=', this.id).execute();
  }

  /** The heartbeat time a live cell's is more recent than. */
  liveSince(): number {
    return this.#clock.now() - this.leaseMs;
  }

  /** Removes the rows of cells gone for a day. */
  async forgetGone(): Promise<void> {
    await this.#db.deleteFrom('cells').where('heartbeat_at', '<', this.#clock.now() - FORGOTTEN_MS).execute();
  }

  /** The cells the store knows, live or gone (not yet forgotten), as GET /cloudapi/1.0.0/cells lists them. */
  async list(query: ListQuery): Promise<ListPage<CellRecord>> {
    const page = await listInSql(this.#db.selectFrom('cells').selectAll(), query, {
      engine: this.#engine, fields: cellFields(this.liveSince()), order: ['started_at', 'id'],
    });
    return { ...page, items: page.items.map((r) => this.#record(r)) };
  }

  /** One cell by id, or undefined. */
  async get(id: string): Promise<CellRecord | undefined> {
    const row = await this.#db.selectFrom('cells').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.#record(row);
  }

  #record(r: CellTable): CellRecord {
    return { id: r.id, name: r.name, primaryIp: r.primary_ip, isActive: r.heartbeat_at > this.liveSince() };
  }
}

const cellFields = (liveSince: number): SqlFields => ({
  id: { column: sql`'urn:vcloud:cell:' || id`, type: 'text' },
  name: { column: 'name', type: 'text' },
  primaryIP: { column: 'primary_ip', type: 'text' },
  isActive: { column: sql`case when heartbeat_at > ${liveSince} then 1 else 0 end`, type: 'boolean' },
});
