// Edge gateways of org VDCs: who sees them (the provider, and an org's users with the gateway view right:
// its administrators, not a vApp User), and their NAT and firewall services, read and replaced whole as
// configureServices documents, as Cloud Director's legacy (NSX-V) API does.
import type { Clock } from '../clock.ts';
import { errors } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Db } from '../store/db.ts';
import { isUniqueViolation } from '../store/db.ts';
import type { EdgeGatewayTable } from '../store/schema.ts';
import { canSeeInOrg, VIEW_EDGE_GATEWAY } from '../inventory/policy.ts';
import type { Session } from './sessions.ts';

export interface EdgeGatewaySpec {
  name: string;
  description?: string | undefined;
}

export interface EdgeGateway {
  id: string;
  orgId: string;
  vdcId: string;
  name: string;
  description: string;
  /** 0 being created, 1 ready, -1 error */
  status: number;
  created: number;
}

const READY = 1;

function toGateway(r: EdgeGatewayTable): EdgeGateway {
  return { id: r.id, orgId: r.org_id, vdcId: r.vdc_id, name: r.name, description: r.description, status: r.status, created: Number(r.created) };
}

export class EdgeGatewayService {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** A gateway the caller may see; else VCD's 403, as for one that does not exist. */
  async get(session: Session, id: string): Promise<EdgeGateway> {
    const row = await this.#db.selectFrom('edge_gateways').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !canSeeInOrg(session, row.org_id, VIEW_EDGE_GATEWAY)) throw errors.forbidden(`Access to the resource /api/admin/edgeGateway/${id} is forbidden.`);
    return toGateway(row);
  }

  /** Seed: the gateway of that name in the org, created in VDC `vdcId` if it is not there yet. */
  async ensure(orgId: string, vdcId: string, spec: EdgeGatewaySpec): Promise<EdgeGateway> {
    const key = spec.name.toLowerCase();
    const existing = await this.#db.selectFrom('edge_gateways').selectAll().where('org_id', '=', orgId).where('name_key', '=', key).executeTakeFirst();
    if (existing) return toGateway(existing);
    const row: EdgeGatewayTable = {
      id: newId(), org_id: orgId, vdc_id: vdcId, name: spec.name, name_key: key, description: spec.description ?? '',
      status: READY, nat_service: null, firewall_service: null, created: this.#clock.now(),
    };
    try {
      await this.#db.insertInto('edge_gateways').values(row).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw errors.duplicateName(`An Edge gateway named "${spec.name}" already exists in the organization.`);
      throw e;
    }
    return toGateway(row);
  }
}
