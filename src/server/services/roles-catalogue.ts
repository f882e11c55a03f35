// Cloud Director's predefined roles, with rights from the rights catalogue. They are read-only and
// global: every tenant org sees them (System Administrator only in the System org).
import { ALL_RIGHTS, TENANT_RIGHTS } from './rights-catalogue.ts';
import { SYSTEM_ADMIN_ROLE } from '../inventory/policy.ts';

export interface PredefinedRole {
  name: string;
  description: string;
  rights: string[];
}

const TOKENS = ["Manage user's own API token"];
const CATALOG_VIEW = ['Catalog: View Private and Shared Catalogs', 'Catalog: View Published Catalogs', 'vApp Template / Media: View'];
const VAPP_USE = [
  'vApp: Power Operations', 'vApp: Use Console', 'vApp: Edit Properties', 'vApp: Edit VM Properties', 'vApp: Snapshot Operations',
  'vApp: Copy', 'vApp: Sharing', 'vApp: View ACL', 'vApp: Download', 'vApp Template: Checkout', 'Organization vDC: View',
  'Organization vDC Named Disk: View Properties',
];
const VAPP_AUTHOR = [
  ...VAPP_USE, 'vApp: Create / Reconfigure', 'vApp: Delete', 'vApp: Edit VM CPU', 'vApp: Edit VM Memory', 'vApp: Edit VM Hard Disk',
  'vApp: Edit VM Network', 'vApp: Upload', 'Catalog: Add vApp from My Cloud', 'Organization vDC Network: View Properties',
  'Organization vDC Named Disk: Create', 'Organization vDC Named Disk: Edit Properties', 'Organization vDC Named Disk: Delete',
];
const CATALOG_AUTHOR = [
  ...VAPP_AUTHOR, 'Catalog: Create / Delete a Catalog', 'Catalog: Edit Properties', 'Catalog: Publish', 'Catalog: Sharing',
  'Catalog: View ACL', 'vApp Template / Media: Create / Upload', 'vApp Template / Media: Edit', 'vApp Template / Media: Copy',
  'vApp Template: Download',
];

export const PREDEFINED_ROLES: PredefinedRole[] = [
  {
    name: SYSTEM_ADMIN_ROLE,
    description: 'Built-in rights for administering this installation',
    rights: [...ALL_RIGHTS],
  },
  {
    name: 'Organization Administrator',
    description: 'Built-in rights for administering an organization',
    rights: [...TENANT_RIGHTS],
  },
  { name: 'Catalog Author', description: 'Rights given to a user who creates and publishes new catalogs', rights: ['Organization: View', ...CATALOG_VIEW, ...CATALOG_AUTHOR, ...TOKENS] },
  { name: 'vApp Author', description: 'The rights given to a user who uses catalogs and creates vApps', rights: ['Organization: View', ...CATALOG_VIEW, ...VAPP_AUTHOR, ...TOKENS] },
  { name: 'vApp User', description: 'Rights given to a user who uses vApps created by others', rights: ['Organization: View', ...CATALOG_VIEW, ...VAPP_USE, ...TOKENS] },
  { name: 'Console Access Only', description: 'Rights given to a user who can only view virtual machine state and properties and use the guest OS', rights: ['Organization: View', 'vApp: Use Console'] },
  { name: 'Defer to Identity Provider', description: "Rights will be obtained from the user's OAuth or SAML Identity Provider", rights: [] },
];
