// The service layer, built once per cell (the HTTP edge holds it as app.services: http/plugins/services.ts).
import type { Clock } from '../clock.ts';
import type { Store } from '../store/db.ts';
import { ApiTokenService } from './api-tokens.ts';
import { AuditService, type AuditRetention } from './audit.ts';
import { IdentityService, type LockoutPolicy } from './identity.ts';
import { LoginService } from './login.ts';
import { MfaService } from './mfa.ts';
import { OrgService } from '../entities/org/service.ts';
import { Inventory } from '../inventory/registry.ts';
import { QueryService } from './query/index.ts';
import { ClientStore } from './oauth-clients.ts';
import { OAuthGrantService } from './oauth-grants.ts';
import { RightsService } from './rights.ts';
import { RightsBundleService } from './rights-bundles.ts';
import { RoleService } from './roles.ts';
import { ServiceAccountService } from './service-accounts.ts';
import type { Sealer } from './sealing.ts';
import { SessionService, type SessionTimeouts } from './sessions.ts';
import { SignInService } from './sign-in.ts';
import { loadSite, type Site } from './site.ts';
import { UserService } from '../entities/user/service.ts';
import { TaskService } from './tasks.ts';
import { MetadataService } from './metadata.ts';
import { CatalogService } from '../entities/catalog/service.ts';
import { VdcService } from '../entities/vdc/service.ts';
import { VAppService } from '../entities/vapp/service.ts';
import { DiskService } from '../entities/disk/service.ts';
import { NetworkService } from '../entities/network/service.ts';
import { EdgeGatewayService } from '../entities/edge-gateway/service.ts';
import { GatewayServicesService } from '../entities/gateway-services/service.ts';
import { FirewallGroupService } from '../entities/firewall-group/service.ts';
import { ExternalNetworkService } from '../entities/external-network/service.ts';
import { AppPortProfileService } from '../entities/app-port-profile/service.ts';
import { CloudEntityService } from './cloud-entities.ts';
import { CellService, heartbeatMs } from './cells.ts';
import { ProviderBackingService } from '../entities/provider-vdc/service.ts';

export interface Services {
  clock: Clock;
  store: Store;
  site: Site;
  identity: IdentityService;
  orgs: OrgService;
  sessions: SessionService;
  login: LoginService;
  /** TOTP enrolments and the orgs' login policies */
  mfa: MfaService;
  /** the portal's sign-in: password, then a code or enrolment */
  signIn: SignInService;
  /** seals secrets the cell must read back; MACs (the portal's CSRF tokens) */
  sealer: Sealer;
  query: QueryService;
  /** the registry's derived operations: the entity resolver, "forbidden looks like absent" */
  inventory: Inventory;
  audit: AuditService;
  apiTokens: ApiTokenService;
  serviceAccounts: ServiceAccountService;
  oauth: OAuthGrantService;
  rights: RightsService;
  roles: RoleService;
  rightsBundles: RightsBundleService;
  users: UserService;
  tasks: TaskService;
  metadata: MetadataService;
  catalogs: CatalogService;
  vdcs: VdcService;
  vapps: VAppService;
  disks: DiskService;
  networks: NetworkService;
  edgeGateways: EdgeGatewayService;
  gatewayServices: GatewayServicesService;
  firewallGroups: FirewallGroupService;
  /** the provider's external networks (NSX-T Tier-0 backed) */
  externalNetworks: ExternalNetworkService;
  appPortProfiles: AppPortProfileService;
  /** the entity types' CloudAPI collections (/cloudapi/1.0.0/orgs, /vdcs…) */
  cloudEntities: CloudEntityService;
  /** this cell and the others on the store: leases, the cells list */
  cells: CellService;
  /** the provider's backing, modelled as data: vCenters, NSX-T managers, network pools, provider VDCs */
  providerBacking: ProviderBackingService;
  /** cancels the background work scheduled on the clock (purges); the cell calls it on close */
  stop(): void;
}

export interface ServiceOptions {
  clock: Clock;
  store: Store;
  siteName: string;
  timeouts: SessionTimeouts;
  /** how many sessions the session cache holds */
  sessionCacheSize: number;
  lockout: LockoutPolicy;
  audit: AuditRetention;
  /** how long a task takes to end (0: before the request that started it is answered) */
  taskDelayMs: number;
  sealer: Sealer;
  /** this cell as the cells list shows it (its host's name, the address it listens on), and its lease */
  cell: { name: string; primaryIp: string; leaseMs: number };
}

/** Retention is kept in days, so an hourly purge keeps it closely; the row bound is kept as events arrive. */
const AUDIT_PURGE_INTERVAL_MS = 60 * 60_000;
/** How often expired sessions are purged from the store (they are refused from the moment they expire). */
const SESSION_PURGE_MS = 5 * 60_000;
/** Tasks are kept for 90 days after they start; an hourly purge removes the expired. */
const TASK_PURGE_MS = 60 * 60_000;
/** How soon a task whose end could not be written (the store was out of reach) is ended, once the store is back. */
const ABANDONED_TASK_SWEEP_MS = 30_000;

export async function createServices(opts: ServiceOptions): Promise<Services> {
  const { db } = opts.store;
  // Background work (purges) runs on the clock, so tests drive it with their ManualClock.
  const jobs: (() => void)[] = [];
  const every = (intervalMs: number, task: () => Promise<void>) => { jobs.push(opts.clock.every(intervalMs, task)); };
  // PostgreSQL locks rows (SELECT … FOR SHARE / FOR NO KEY UPDATE); SQLite's transactions run one at a time
  const rowLocks = opts.store.engine === 'postgres';
  // this cell's lease first: from now on the other cells leave its tasks to it
  const cells = new CellService(db, opts.store.engine, opts.clock, opts.cell);
  await cells.heartbeat();
  const identity = new IdentityService(db, opts.store.engine, opts.clock, opts.lockout);
  await identity.ensurePredefinedRoles();
  const rights = new RightsService(db, opts.store.engine);
  await rights.ensureCatalogue();
  const sessions = new SessionService(db, opts.clock, {
    timeouts: opts.timeouts, cacheSize: opts.sessionCacheSize, rowLocks,
  });
  await sessions.purgeExpired();
  every(SESSION_PURGE_MS, () => sessions.purgeExpired());
  const rbacDeps = { db, engine: opts.store.engine, sessions, rights };
  const roles = new RoleService(rbacDeps);
  const audit = new AuditService(opts.store, opts.clock, opts.audit);
  await audit.purge();
  every(AUDIT_PURGE_INTERVAL_MS, () => audit.purge());
  const oauthDeps = { db, clock: opts.clock, clients: new ClientStore(db, opts.store.engine), sessions, audit };
  const serviceAccounts = new ServiceAccountService(oauthDeps);
  const users = new UserService(db, opts.store.engine, sessions, roles, () => opts.clock.now());
  const tasks = new TaskService(db, opts.clock, { delayMs: opts.taskDelayMs, cells });
  await tasks.purgeExpired();
  every(TASK_PURGE_MS, () => tasks.purgeExpired());
  every(TASK_PURGE_MS, () => cells.forgetGone());
  // the lease renewed, then the tasks of cells whose lease ran out ended
  every(heartbeatMs(cells.leaseMs), async () => { await cells.heartbeat(); await tasks.endOrphaned(); });
  every(ABANDONED_TASK_SWEEP_MS, () => tasks.endAbandoned());
  jobs.push(() => tasks.stop());
  const mfa = new MfaService(db, opts.clock, opts.sealer, `vcdkit ${opts.siteName}`, identity);
  const login = new LoginService(identity, sessions, audit, mfa);
  const catalogs = new CatalogService(db, opts.clock, tasks);
  const vdcs = new VdcService(db, opts.clock, tasks, { rowLocks });
  const networks = new NetworkService(db, opts.store.engine, opts.clock, tasks);
  const vapps = new VAppService(db, opts.clock, { tasks, vdcs, catalogs, networks, rowLocks });
  const disks = new DiskService(db, opts.clock, { tasks, vdcs, vapps });
  // after every service that listens to failed tasks is built
  await tasks.endOrphaned();
  return {
    clock: opts.clock,
    store: opts.store,
    site: await loadSite(db, opts.siteName),
    identity,
    orgs: new OrgService(db, identity, sessions, tasks),
    sessions,
    login,
    mfa,
    signIn: new SignInService(db, login, mfa, opts.clock),
    sealer: opts.sealer,
    query: new QueryService(opts.store, opts.clock),
    inventory: new Inventory(db),
    audit,
    apiTokens: new ApiTokenService(oauthDeps),
    serviceAccounts,
    oauth: new OAuthGrantService(oauthDeps, serviceAccounts),
    rights,
    roles,
    rightsBundles: new RightsBundleService(rbacDeps),
    users,
    tasks,
    metadata: new MetadataService(db, tasks),
    catalogs,
    vdcs,
    networks,
    vapps,
    disks,
    edgeGateways: new EdgeGatewayService(db, opts.clock, tasks),
    gatewayServices: new GatewayServicesService(db, tasks),
    firewallGroups: new FirewallGroupService(db, opts.clock, tasks),
    externalNetworks: new ExternalNetworkService(db, opts.clock, tasks),
    appPortProfiles: new AppPortProfileService(db, opts.clock, tasks),
    cloudEntities: new CloudEntityService(opts.store, opts.clock),
    cells,
    providerBacking: new ProviderBackingService(opts.store, opts.clock),
    stop: () => { for (const cancel of jobs.splice(0)) cancel(); },
  };
}
