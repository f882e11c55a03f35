// The typed shape of every table. Times are epoch milliseconds; flags are 0/1 integers,
// so one schema reads the same on SQLite and PostgreSQL.
import type { Generated } from 'kysely';

export interface OrgTable {
  id: string;
  name: string;
  name_key: string;
  full_name: string;
  description: string;
  is_enabled: number;
  created_at: number;
}

export interface UserTable {
  id: string;
  org_id: string;
  name: string;
  name_key: string;
  full_name: string;
  email: string;
  password_hash: string;
  role_id: string;
  is_enabled: number;
  failed_logins: number;
  /** wrong second-factor codes since the last right one (or the lock they caused) */
  failed_codes: number;
  locked_until: number | null;
  created_at: number;
}

/** A role with org_id null is a global (predefined) role; otherwise it belongs to one org. */
export interface RoleTable {
  id: string;
  org_id: string | null;
  name: string;
  description: string;
  read_only: number;
}

export interface RoleRightTable {
  role_id: string;
  right_name: string;
}

export interface SessionTable {
  id: string;
  token_hash: string;
  user_id: string;
  org_id: string;
  /** how it was opened: 'password' or 'token'; a token session records which token in token_id */
  kind: string;
  token_id: string | null;
  created_at: number;
  last_activity_at: number;
  client_address: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

/** An OAuth client: a user's API token (type REFRESH) or a service account (SERVICE_ACCOUNT). */
export interface OAuthClientTable {
  id: string;
  org_id: string;
  /** the owner; for a service account, its backing principal */
  user_id: string;
  name: string;
  type: string;
  /** hash of the current refresh token; null until issued and after revocation */
  refresh_hash: string | null;
  issued_at: number | null;
  expires_at: number | null;
  created_at: number;
  last_used_at: number | null;
  last_used_address: string | null;
  revoked_at: number | null;
}

export interface ServiceAccountTable {
  client_id: string;
  /** CREATED → REQUESTED → GRANTED → ACTIVE */
  status: string;
  software_id: string;
  software_version: string;
  uri: string;
}

export interface DeviceCodeTable {
  device_hash: string;
  user_code_hash: string;
  client_id: string;
  expires_at: number;
  interval_seconds: number;
  last_polled_at: number | null;
  /** user id of the administrator who granted it */
  granted_by: string | null;
}

export interface AuditEventTable {
  id: string;
  timestamp: number;
  type: string;
  status: string;
  org_id: string | null;
  org_name: string;
  user_id: string | null;
  user_name: string;
  entity_id: string | null;
  entity_name: string;
  description: string;
  client_address: string;
}

export interface RightTable {
  id: string;
  name: string;
  category: string;
  description: string;
  /** VIEW or MODIFY */
  right_type: string;
}

export interface RightsBundleTable {
  id: string;
  name: string;
  name_key: string;
  description: string;
  /** 1: published to every org, present and future */
  publish_all: number;
}

export interface RightsBundleRightTable {
  bundle_id: string;
  right_name: string;
}

export interface RightsBundleTenantTable {
  bundle_id: string;
  org_id: string;
}

/** A long operation on one entity (its owner); see services/tasks.ts for the states. */
export interface TaskTable {
  id: string;
  org_id: string;
  user_id: string;
  user_name: string;
  owner_urn: string;
  owner_name: string;
  /** the owner's media type family, e.g. vcloud.org */
  owner_family: string;
  /** the owner's /api path */
  owner_path: string;
  /** owner_urn while the task is unfinished, else null (unique: one unfinished task per entity) */
  busy_owner: string | null;
  operation: string;
  operation_name: string;
  service_namespace: string;
  status: string;
  progress: number;
  start_time: number;
  end_time: number | null;
  expiry_time: number;
  cancel_requested: number;
  error_status: number | null;
  error_code: string | null;
  error_message: string | null;
  /** the cell carrying the task to its end (cells.id); null in rows from before cells were recorded */
  cell_id: string | null;
}

/** One metadata entry of any entity. */
export interface MetadataTable {
  entity_urn: string;
  /** GENERAL or SYSTEM */
  domain: string;
  key: string;
  /** READWRITE, READONLY or PRIVATE */
  visibility: string;
  /** MetadataStringValue, MetadataNumberValue, MetadataBooleanValue or MetadataDateTimeValue */
  value_type: string;
  value: string;
}

/** An org VDC; see services/vdcs.ts. Capacities in MHz and MB. */
export interface VdcTable {
  id: string;
  org_id: string;
  name: string;
  name_key: string;
  description: string;
  /** AllocationVApp, AllocationPool, ReservationPool or Flex */
  allocation_model: string;
  cpu_allocated_mhz: number;
  cpu_limit_mhz: number;
  cpu_reserved_mhz: number;
  memory_allocated_mb: number;
  memory_limit_mb: number;
  memory_reserved_mb: number;
  /** 0: unlimited */
  nic_quota: number;
  network_quota: number;
  vm_quota: number;
  is_enabled: number;
  /** VCD's VDC status: -1 FAILED_CREATION, 0 NOT_READY, 1 READY, 2 UNKNOWN, 3 UNRECOGNIZED */
  status: number;
  created: number;
  /** the provider VDC it draws on (null: one made before provider VDCs were modelled) */
  provider_vdc_id: string | null;
  /** its network profile's services edge cluster: the NSX-T id of an edge cluster of its provider VDC's manager */
  services_edge_cluster_id: string | null;
}

/** A storage profile (policy) of a VDC. */
/** What a running task holds of its VDC's capacity (MHz, MB), on one storage profile; see services/vdcs.ts. */
export interface VdcReservationTable {
  task_id: string;
  vdc_id: string;
  storage_profile_id: string;
  cpu_mhz: number;
  memory_mb: number;
  vms: number;
  storage_mb: number;
}

export interface VdcStorageProfileTable {
  id: string;
  vdc_id: string;
  name: string;
  /** 0: unlimited */
  limit_mb: number;
  used_mb: number;
  is_default: number;
  is_enabled: number;
  /** the order the VDC lists its profiles in */
  position: number;
}

export interface CatalogTable {
  id: string;
  org_id: string;
  name: string;
  name_key: string;
  description: string;
  owner_id: string | null;
  is_published: number;
  is_shared: number;
  created_at: number;
}

export interface CatalogItemTable {
  id: string;
  catalog_id: string;
  name: string;
  name_key: string;
  description: string;
  /** 'vAppTemplate' or 'media' */
  entity_type: string;
  entity_id: string;
  created_at: number;
}

export interface VAppTemplateTable {
  id: string;
  org_id: string;
  catalog_id: string;
  name: string;
  description: string;
  status: number;
  owner_id: string | null;
  vdc_id: string | null;
  created_at: number;
}

export interface TemplateVmTable {
  id: string;
  template_id: string;
  position: number;
  name: string;
  computer_name: string;
  cpus: number;
  cores_per_socket: number;
  memory_mb: number;
  disk_mb: number;
  disk_bus: string;
  os_type: string;
  network_name: string | null;
  nic_adapter: string;
  mac: string;
  tools_version: number;
}

export interface MediaTable {
  id: string;
  org_id: string;
  catalog_id: string;
  name: string;
  description: string;
  /** iso or floppy */
  image_type: string;
  size_bytes: number;
  status: number;
  owner_id: string | null;
  vdc_id: string | null;
  created_at: number;
}

/** A user's TOTP enrolment; see services/mfa.ts. */
export interface UserMfaTable {
  user_id: string;
  /** the base32 secret, sealed (services/sealing.ts) */
  secret_sealed: string;
  /** null until the first code confirms the enrolment */
  enabled_at: number | null;
  /** the newest time step a code was accepted for; older and equal steps are refused */
  last_step: number;
}

export interface MfaRecoveryCodeTable {
  code_hash: string;
  user_id: string;
}

/** An org's login policy; an org without a row has the defaults (0, 0). */
export interface OrgLoginPolicyTable {
  org_id: string;
  mfa_required: number;
  api_password_refused: number;
}

/** An Edge gateway of a VDC; see services/edge-gateways.ts. */
export interface EdgeGatewayTable {
  id: string;
  org_id: string;
  vdc_id: string;
  name: string;
  name_key: string;
  description: string;
  /** 0 being created, 1 ready, -1 error */
  status: number;
  /** JSON of the NAT service as last configured; null: never configured */
  nat_service: string | null;
  /** JSON of the firewall service as last configured; null: never configured */
  firewall_service: string | null;
  /** JSON of the NSX-T DNS forwarder (CloudAPI EdgeDnsConfig) as last put; null: never configured */
  dns_forwarder: string | null;
  created: number;
}

/** An NSX-T firewall group (IP set or static group) of an Edge gateway; see entities/firewall-group/. */
export interface FirewallGroupTable {
  id: string;
  org_id: string;
  edge_gateway_id: string;
  name: string;
  name_key: string;
  description: string;
  type_value: string;
  /** JSON array of addresses */
  ip_addresses: string;
  created: number;
}

export interface FirewallGroupMemberTable {
  group_id: string;
  position: number;
  network_id: string;
}

/** An application port profile, SYSTEM (org_id null) or TENANT; see entities/app-port-profile/. */
export interface AppPortProfileTable {
  id: string;
  org_id: string | null;
  scope: string;
  name: string;
  name_key: string;
  description: string;
  /** JSON array of { protocol, destinationPorts } */
  ports: string;
  created: number;
}

/** A NAT or firewall rule of an NSX-T Edge gateway; see entities/gateway-services/. */
export interface GatewayRuleTable {
  id: string;
  edge_gateway_id: string;
  kind: string;
  position: number;
  name: string;
  /** JSON of the rule's model as taken */
  body: string;
}

export interface GatewayRuleRefTable {
  rule_id: string;
  target_id: string;
}

/** An org VDC network; see services/networks.ts. */
export interface NetworkTable {
  id: string;
  org_id: string;
  vdc_id: string;
  name: string;
  name_key: string;
  description: string;
  /** natRouted or isolated */
  fence_mode: string;
  edge_gateway_id: string | null;
  gateway: string;
  prefix_length: number;
  dns1: string;
  dns2: string;
  dns_suffix: string;
  is_shared: number;
  created: number;
}

/** A static IP range of a network's pool; IPv4 addresses as numbers. */
export interface NetworkIpRangeTable {
  network_id: string;
  position: number;
  start_ip: number;
  end_ip: number;
}

/** An address of a network's pool held by a NIC (or whatever holder_id names). */
export interface IpAllocationTable {
  network_id: string;
  /** IPv4 as a number */
  ip: number;
  holder_id: string;
  allocated: number;
}

export interface VAppTable {
  id: string;
  org_id: string;
  vdc_id: string;
  name: string;
  name_key: string;
  description: string;
  /** VCD's status code: 0 being created, -1 failed creation, else its VMs' (8 off, 4 on, 3 suspended, 10 mixed…) */
  status: number;
  deployed: number;
  owner_id: string | null;
  shared_to_everyone: number;
  /** ReadOnly, Change or FullControl when shared to everyone */
  everyone_access: string | null;
  created_at: number;
  /** seconds until the vApp is undeployed, and until it is deleted; 0: never */
  deployment_lease_seconds: Generated<number>;
  storage_lease_seconds: Generated<number>;
}

export interface VmTable {
  id: string;
  vapp_id: string;
  org_id: string;
  vdc_id: string;
  position: number;
  name: string;
  description: string;
  computer_name: string;
  status: number;
  deployed: number;
  cpus: number;
  cores_per_socket: number;
  memory_mb: number;
  os_type: string;
  hardware_version: string;
  tools_version: number;
  storage_profile_id: string;
  primary_nic_index: number;
  gc_enabled: number;
  gc_change_sid: number;
  gc_admin_password_enabled: number;
  gc_admin_password_auto: number;
  gc_reset_password_required: number;
  gc_script: string;
  needs_customization: number;
  created_at: number;
  /** vmCapabilities and bootOptions (0/1, and milliseconds) */
  memory_hot_add: Generated<number>;
  cpu_hot_add: Generated<number>;
  boot_delay_ms: Generated<number>;
  enter_bios_setup: Generated<number>;
}

export interface VmDiskTable {
  vm_id: string;
  instance_id: number;
  size_mb: number;
  bus_type: string;
  bus_number: number;
  unit_number: number;
}

export interface VmNicTable {
  vm_id: string;
  nic_index: number;
  /** the vApp network's name, 'none' when not connected */
  network_name: string;
  network_id: string | null;
  /** POOL, DHCP, MANUAL or NONE */
  ip_mode: string;
  ip: string | null;
  mac: string;
  adapter: string;
  is_connected: number;
}

export interface VAppNetworkTable {
  vapp_id: string;
  name: string;
  fence_mode: string;
  network_id: string | null;
  /** set for every row (018 gives the earlier ones theirs) */
  id: string | null;
  description: Generated<string>;
  retain_net_info: Generated<number>;
  gateway: string | null;
  prefix_length: number | null;
  dns1: string | null;
  dns2: string | null;
  dns_suffix: string | null;
  /** JSON: [{ start, end }] */
  ip_ranges: string | null;
}

export interface VAppAccessTable {
  vapp_id: string;
  user_id: string;
  access_level: string;
}

export interface MigrationMarker {
  id: Generated<number>;
}

/** A running cell: its lease holds while heartbeat_at is recent (services/cells.ts). */
export interface CellTable {
  id: string;
  /** the host's name */
  name: string;
  /** the address it listens on */
  primary_ip: string;
  started_at: number;
  heartbeat_at: number;
}

/** One row (id 1): bumped whenever cached sessions or cached effective rights may no longer hold. */
export interface CacheVersionTable {
  id: number;
  sessions: number;
  rights: number;
}

/** A portal sign-in between the password and the code (services/sign-in.ts). */
export interface SignInTicketTable {
  ticket_hash: string;
  user_id: string;
  user_name: string;
  org_name: string;
  /** 'code' or 'enrol' */
  next: string;
  expires_at: number;
  wrong_codes: number;
}

export interface Database {
  cells: CellTable;
  cache_versions: CacheVersionTable;
  sign_in_tickets: SignInTicketTable;
  orgs: OrgTable;
  users: UserTable;
  roles: RoleTable;
  role_rights: RoleRightTable;
  sessions: SessionTable;
  settings: SettingTable;
  oauth_clients: OAuthClientTable;
  service_accounts: ServiceAccountTable;
  device_codes: DeviceCodeTable;
  audit_events: AuditEventTable;
  rights: RightTable;
  rights_bundles: RightsBundleTable;
  rights_bundle_rights: RightsBundleRightTable;
  rights_bundle_tenants: RightsBundleTenantTable;
  tasks: TaskTable;
  metadata: MetadataTable;
  vdcs: VdcTable;
  vdc_storage_profiles: VdcStorageProfileTable;
  vdc_reservations: VdcReservationTable;
  catalogs: CatalogTable;
  catalog_items: CatalogItemTable;
  vapp_templates: VAppTemplateTable;
  template_vms: TemplateVmTable;
  media: MediaTable;
  user_mfa: UserMfaTable;
  mfa_recovery_codes: MfaRecoveryCodeTable;
  org_login_policies: OrgLoginPolicyTable;
  edge_gateways: EdgeGatewayTable;
  firewall_groups: FirewallGroupTable;
  firewall_group_members: FirewallGroupMemberTable;
  app_port_profiles: AppPortProfileTable;
  gateway_rules: GatewayRuleTable;
  gateway_rule_refs: GatewayRuleRefTable;
  networks: NetworkTable;
  network_ip_ranges: NetworkIpRangeTable;
  ip_allocations: IpAllocationTable;
  vapps: VAppTable;
  vms: VmTable;
  vm_disks: VmDiskTable;
  vm_nics: VmNicTable;
  vapp_networks: VAppNetworkTable;
  vapp_access: VAppAccessTable;
  virtual_centers: VirtualCenterTable;
  vc_resource_pools: VcResourcePoolTable;
  vc_storage_profiles: VcStorageProfileTable;
  nsxt_managers: NsxtManagerTable;
  nsxt_resources: NsxtResourceTable;
  network_pools: NetworkPoolTable;
  provider_vdcs: ProviderVdcTable;
  provider_vdc_storage_profiles: ProviderVdcStorageProfileTable;
}

// The provider's backing, modelled as data (entities/provider-vdc/migration.ts). Capacities in MHz and MB.

/** A vCenter server (VCD's VimServer). */
export interface VirtualCenterTable {
  id: string;
  name: string;
  name_key: string;
  description: string;
  url: string;
  username: string;
  version: string;
  is_enabled: number;
  created: number;
}

/** A resource pool of a vCenter, with what it offers. */
export interface VcResourcePoolTable {
  id: string;
  vc_id: string;
  name: string;
  moref: string;
  cpu_mhz: number;
  memory_mb: number;
  position: number;
}

/** A storage profile (policy) of a vCenter. */
export interface VcStorageProfileTable {
  id: string;
  vc_id: string;
  name: string;
  moref: string;
  total_mb: number;
  position: number;
}

export interface NsxtManagerTable {
  id: string;
  name: string;
  name_key: string;
  description: string;
  url: string;
  version: string;
  created: number;
}

/** What an NSX-T manager offers to import: kind tier0Router, edgeCluster or transportZone. */
export interface NsxtResourceTable {
  manager_id: string;
  kind: string;
  backing_id: string;
  name: string;
  description: string;
  position: number;
}

/** A network pool: GENEVE, over an NSX-T manager's overlay transport zone. */
export interface NetworkPoolTable {
  id: string;
  name: string;
  name_key: string;
  description: string;
  pool_type: string;
  manager_id: string;
  transport_zone_id: string;
  created: number;
}

export interface ProviderVdcTable {
  id: string;
  name: string;
  name_key: string;
  description: string;
  vc_id: string;
  resource_pool_id: string;
  manager_id: string | null;
  network_pool_id: string | null;
  is_enabled: number;
  created: number;
}

/** A vCenter storage profile a provider VDC offers. */
export interface ProviderVdcStorageProfileTable {
  id: string;
  provider_vdc_id: string;
  vc_storage_profile_id: string;
  is_enabled: number;
  position: number;
}
