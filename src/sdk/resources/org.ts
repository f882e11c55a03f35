// Orgs: read (the org list, or the organization query), created and deleted by the provider
// (POST /api/admin/orgs; DELETE /api/admin/org/{id} answers a Task).
import type { Org, OrgList, QueryRecord, Reference } from '../types.ts';
import { ResourceSet, specOf, type CloudItemOf, type DeleteResultOf } from './resource.ts';

/** A record of the organization query. */
export interface OrgRecord extends QueryRecord {
  href: string;
  name: string;
  /** the org's full name */
  displayName: string;
  isEnabled: boolean;
}

/** What creating an org takes. */
export interface OrgSpec {
  name: string;
  fullName: string;
  description?: string | undefined;
  /** default true */
  enabled?: boolean | undefined;
}

/** Orgs (query type organization); a tenant sees its own, the provider all of them. */
export class Orgs extends ResourceSet<Org, OrgRecord, CloudItemOf<'org'>, DeleteResultOf<'org'>> {
  protected readonly spec = specOf('org');

  /** The org list (GET /api/org): a reference per org the caller can see, in one request. */
  async references(opts: { signal?: AbortSignal | undefined } = {}): Promise<Reference[]> {
    return (await this.client.get<OrgList>('/api/org', opts)).org ?? [];
  }

  /** Creates an org (the provider only); answers its AdminOrg. */
  create(spec: OrgSpec): Promise<Org> {
    return this.client.post<Org>('/api/admin/orgs', {
      name: spec.name, fullName: spec.fullName, description: spec.description, isEnabled: spec.enabled ?? true, settings: {},
    }, { contentType: 'application/vnd.vmware.admin.organization+json' });
  }
}
