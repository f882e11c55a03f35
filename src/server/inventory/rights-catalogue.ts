// Cloud Director's rights: the names VCD gives them, grouped into its categories. `tenant` marks
// the rights VCD's "Default Rights Bundle" holds (what a provider may grant an organization);
// the rest exist only in the System org. Ids are derived from the name, so they stay stable
// across cells and restarts.
import { createHash } from 'node:crypto';

export type RightType = 'VIEW' | 'MODIFY';

export interface RightDef {
  name: string;
  category: string;
  description: string;
  type: RightType;
  tenant: boolean;
}

/** A name-derived UUID (RFC 4122 version 5 layout over SHA-1). */
export function stableUuid(namespace: string, name: string): string {
  const h = createHash('sha1').update(`${namespace}:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// [category, name, type, description]; grouped by whether tenants can be granted them.
type Row = readonly [category: string, name: string, type: RightType, description: string];

const TENANT = [
  ['General', 'General: Administrator View', 'VIEW', 'View the administration pages of an organization'],
  ['General', 'General: Administrator Control', 'MODIFY', 'Administer an organization: users, groups and settings'],
  ['General', 'General: Send Notification', 'MODIFY', 'Send a notification to the users of an organization'],
  ['General', 'General: View Error Details', 'VIEW', 'See the details of errors'],
  ['Organization', 'Organization: View', 'VIEW', 'View an organization'],
  ['Organization', 'Organization: Edit Name', 'MODIFY', "Edit an organization's name"],
  ['Organization', 'Organization: Edit Properties', 'MODIFY', "Edit an organization's properties"],
  ['Organization', 'Organization: Edit SMTP Settings', 'MODIFY', "Edit an organization's SMTP settings"],
  ['Organization', 'Organization: Edit Quotas Policy', 'MODIFY', "Edit an organization's quotas policy"],
  ['Organization', 'Organization: Edit Leases Policy', 'MODIFY', "Edit an organization's leases policy"],
  ['Organization', 'Organization: Edit Password Policy', 'MODIFY', "Edit an organization's password policy"],
  ['Organization', 'Organization: Edit Federation Settings', 'MODIFY', "Edit an organization's SAML federation settings"],
  ['Organization', 'Organization: Edit OAuth Settings', 'MODIFY', "Edit an organization's OAuth settings"],
  ['Roles', 'Role: Create, Edit, Delete, or Copy', 'MODIFY', "Create, edit, delete or copy an organization's roles"],
  ['User', 'Group / User: View', 'VIEW', 'View the users and groups of an organization'],
  ['Catalog', 'Catalog: View Private and Shared Catalogs', 'VIEW', 'View the private catalogs and those shared with the user'],
  ['Catalog', 'Catalog: View Published Catalogs', 'VIEW', 'View the catalogs published to the organization'],
  ['Catalog', 'Catalog: Create / Delete a Catalog', 'MODIFY', 'Create or delete a catalog'],
  ['Catalog', 'Catalog: Edit Properties', 'MODIFY', "Edit a catalog's properties"],
  ['Catalog', 'Catalog: Add vApp from My Cloud', 'MODIFY', 'Add a vApp to a catalog'],
  ['Catalog', 'Catalog: Publish', 'MODIFY', 'Publish a catalog'],
  ['Catalog', 'Catalog: Sharing', 'MODIFY', 'Share a catalog'],
  ['Catalog', 'Catalog: View ACL', 'VIEW', "View a catalog's access control list"],
  ['Catalog', 'Catalog: Change Owner', 'MODIFY', "Change a catalog's owner"],
  ['vApp Template / Media', 'vApp Template / Media: View', 'VIEW', 'View vApp templates and media'],
  ['vApp Template / Media', 'vApp Template / Media: Create / Upload', 'MODIFY', 'Create or upload vApp templates and media'],
  ['vApp Template / Media', 'vApp Template / Media: Edit', 'MODIFY', 'Edit vApp templates and media'],
  ['vApp Template / Media', 'vApp Template / Media: Copy', 'MODIFY', 'Copy vApp templates and media'],
  ['vApp Template / Media', 'vApp Template: Download', 'VIEW', 'Download a vApp template'],
  ['vApp Template / Media', 'vApp Template: Checkout', 'MODIFY', 'Instantiate a vApp from a template'],
  ['vApp', 'vApp: Create / Reconfigure', 'MODIFY', 'Create or reconfigure a vApp'],
  ['vApp', 'vApp: Delete', 'MODIFY', 'Delete a vApp'],
  ['vApp', 'vApp: Copy', 'MODIFY', 'Copy a vApp'],
  ['vApp', 'vApp: Edit Properties', 'MODIFY', "Edit a vApp's properties"],
  ['vApp', 'vApp: Edit VM Properties', 'MODIFY', "Edit a VM's properties"],
  ['vApp', 'vApp: Edit VM CPU', 'MODIFY', "Edit a VM's CPU"],
  ['vApp', 'vApp: Edit VM Memory', 'MODIFY', "Edit a VM's memory"],
  ['vApp', 'vApp: Edit VM Hard Disk', 'MODIFY', "Edit a VM's hard disks"],
  ['vApp', 'vApp: Edit VM Network', 'MODIFY', "Edit a VM's network"],
  ['vApp', 'vApp: Power Operations', 'MODIFY', 'Power a vApp or VM on and off'],
  ['vApp', 'vApp: Snapshot Operations', 'MODIFY', 'Create, revert and remove snapshots'],
  ['vApp', 'vApp: Sharing', 'MODIFY', 'Share a vApp'],
  ['vApp', 'vApp: View ACL', 'VIEW', "View a vApp's access control list"],
  ['vApp', 'vApp: Change Owner', 'MODIFY', "Change a vApp's owner"],
  ['vApp', 'vApp: Use Console', 'MODIFY', "Open a VM's console"],
  ['vApp', 'vApp: Download', 'VIEW', 'Download a vApp'],
  ['vApp', 'vApp: Upload', 'MODIFY', 'Upload a vApp'],
  ['Organization VDC', 'Organization vDC: View', 'VIEW', 'View an organization VDC'],
  ['Organization VDC', 'Organization vDC: Edit', 'MODIFY', 'Edit an organization VDC'],
  ['Organization VDC', 'Organization vDC Network: View Properties', 'VIEW', "View an organization VDC network's properties"],
  ['Organization VDC', 'Organization vDC Network: Edit Properties', 'MODIFY', "Edit an organization VDC network's properties"],
  ['Organization VDC', 'Organization vDC Named Disk: View Properties', 'VIEW', "View an independent disk's properties"],
  ['Organization VDC', 'Organization vDC Named Disk: Create', 'MODIFY', 'Create an independent disk'],
  ['Organization VDC', 'Organization vDC Named Disk: Edit Properties', 'MODIFY', "Edit an independent disk's properties"],
  ['Organization VDC', 'Organization vDC Named Disk: Delete', 'MODIFY', 'Delete an independent disk'],
  ['Organization VDC', 'Organization vDC Gateway: View', 'VIEW', 'View an edge gateway'],
  ['Organization VDC', 'Organization vDC Gateway: Configure Services', 'MODIFY', "Configure an edge gateway's services (NAT, firewall)"],
  ['Organization VDC', 'Organization vDC Gateway: View NAT', 'VIEW', "View an NSX-T edge gateway's NAT rules"],
  ['Organization VDC', 'Organization vDC Gateway: Configure NAT', 'MODIFY', "Configure an NSX-T edge gateway's NAT rules"],
  ['Organization VDC', 'Organization vDC Gateway: View Firewall', 'VIEW', "View an NSX-T edge gateway's firewall rules, firewall groups and application port profiles"],
  ['Organization VDC', 'Organization vDC Gateway: Configure Firewall', 'MODIFY', "Configure an NSX-T edge gateway's firewall rules, firewall groups and application port profiles"],
  ['Organization VDC', 'Organization vDC Gateway: View Static Routing', 'VIEW', "View an NSX-T edge gateway's static routes"],
  ['Organization VDC', 'Organization vDC Gateway: Configure Static Routing', 'MODIFY', "Configure an NSX-T edge gateway's static routes"],
  ['Organization VDC', 'Organization vDC Gateway: View DNS', 'VIEW', "View an NSX-T edge gateway's DNS forwarder"],
  ['Organization VDC', 'Organization vDC Gateway: Configure DNS', 'MODIFY', "Configure an NSX-T edge gateway's DNS forwarder"],
  ['Access Control', "Manage user's own API token", 'MODIFY', 'Create, use and revoke API tokens of ones own'],
  ['Access Control', "Manage all users' API tokens", 'MODIFY', "View and revoke the API tokens of every user in the organization"],
  ['Access Control', 'Service Account: View', 'VIEW', 'View service accounts'],
  ['Access Control', 'Service Account: Manage', 'MODIFY', 'Create, edit, grant, revoke and delete service accounts'],
  ['Access Control', 'Audit: Manage', 'VIEW', 'Read the audit trail of events'],
] as const satisfies readonly Row[];

const PROVIDER = [
  ['Organization', 'Organization: Perform Administrator Queries', 'VIEW', 'Run administrator queries across organizations'],
  ['Provider VDC', 'Provider vDC: View', 'VIEW', 'View provider VDCs'],
  ['Provider VDC', 'Provider vDC: Edit', 'MODIFY', 'Edit provider VDCs'],
  ['Provider Network', 'Provider Network: View', 'VIEW', 'View external networks'],
  ['Provider Network', 'Provider Network: Create', 'MODIFY', 'Create external networks'],
  ['Provider Network', 'Provider Network: Edit', 'MODIFY', 'Edit external networks'],
  ['Provider Network', 'Provider Network: Delete', 'MODIFY', 'Delete external networks'],
  ['Host', 'Host: View', 'VIEW', 'View hosts'],
  ['Organization VDC', 'Organization vDC: Extended View', 'VIEW', "View an organization VDC's backing resources"],
  ['Organization VDC', 'Organization vDC: Extended Edit', 'MODIFY', "Edit an organization VDC's backing resources"],
  ['Extensions', 'Extensions: View', 'VIEW', 'View extensions'],
] as const satisfies readonly Row[];

const def = (tenant: boolean) => ([category, name, type, description]: Row): RightDef => ({ name, category, description, type, tenant });

/** The name of a right of the catalogue: what entity types' `rights` and policy's constants may name. */
export type RightName = (typeof TENANT)[number][1] | (typeof PROVIDER)[number][1];

export const RIGHTS_CATALOGUE: readonly RightDef[] = [...TENANT.map(def(true)), ...PROVIDER.map(def(false))];

export const TENANT_RIGHTS: readonly string[] = TENANT.map((r: Row) => r[1]);
export const ALL_RIGHTS: readonly string[] = RIGHTS_CATALOGUE.map((r) => r.name);

export const DEFAULT_BUNDLE = { name: 'Default Rights Bundle', description: 'Default set of tenant rights' };

/** VCD's bundle key for entities without a localized name. */
export const UNDEFINED_KEY = 'com.vmware.vcloud.undefined.key';

export const rightUuid = (name: string) => stableUuid('right', name);
export const categoryUuid = (name: string) => stableUuid('rightsCategory', name);

/** The rights the role, bundle and user endpoints check. */
export const RBAC_RIGHTS = {
  adminView: 'General: Administrator View',
  adminControl: 'General: Administrator Control',
  manageRoles: 'Role: Create, Edit, Delete, or Copy',
  viewUsers: 'Group / User: View',
} as const;
