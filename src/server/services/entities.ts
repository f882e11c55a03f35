// The entity resolver: from a URN to the representations that currently exist for it. An entity the
// caller may not see is answered exactly like one that does not exist.
import { errors } from '../errors.ts';
import { parseUrn } from '../ids.ts';
import type { IdentityService } from './identity.ts';
import type { Session } from './sessions.ts';

export interface ResolvedEntity {
  urn: string;
  /** each valid reference: media-type family and /api path */
  references: Array<{ family: string; path: string }>;
}

/** Who may see an org's admin view: the provider, and the org's own administrators. */
export function canAdministerOrg(session: Session, orgId: string): boolean {
  return session.isProvider || (orgId === session.orgId && session.rights.has('General: Administrator View'));
}

/** Who may change an org's properties (its metadata among them): the provider, and its own administrators. */
export function canEditOrg(session: Session, orgId: string): boolean {
  return session.isProvider || (orgId === session.orgId && session.rights.has('Organization: Edit Properties'));
}

type Resolver = (uuid: string, session: Session) => Promise<Omit<ResolvedEntity, 'urn'> | undefined>;

export class EntityService {
  readonly #resolvers: Record<string, Resolver>;

  constructor(identity: IdentityService) {
    this.#resolvers = {
      org: async (uuid, session) => {
        const org = identity.getOrg(uuid);
        if (!org || (!session.isProvider && org.id !== session.orgId)) return undefined;
        const references = [{ family: 'vcloud.org', path: `/api/org/${org.id}` }];
        if (canAdministerOrg(session, org.id)) references.push({ family: 'admin.organization', path: `/api/admin/org/${org.id}` });
        return { references };
      },
    };
  }

  async resolve(session: Session, urn: string): Promise<ResolvedEntity> {
    const { type, uuid } = parseUrn(urn);
    const found = await this.#resolvers[type.toLowerCase()]?.(uuid, session);
    if (!found) throw errors.forbidden(`No access to entity "${urn}".`);
    return { urn: `urn:vcloud:${type}:${uuid}`, ...found };
  }
}
