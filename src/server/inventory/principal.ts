// The principal: whoever a request acts as, as every layer from the policy up sees it. Sessions
// (services/sessions.ts) open and resolve them; inventory/policy.ts decides what each may do.

/** The org whose members are the provider: System. */
export const SYSTEM_ORG = 'System';

/** What a request knows about whoever is calling. */
export interface Session {
  id: string;
  kind: string;
  tokenId: string | null;
  createdAt: number;
  userId: string;
  userName: string;
  orgId: string;
  orgName: string;
  roleId: string;
  roleName: string;
  rights: ReadonlySet<string>;
  /** true for a session in the System org */
  isProvider: boolean;
}
