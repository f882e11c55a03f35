import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';

// Application port profiles: the SYSTEM ones Cloud Director ships (no org, read-only, written here once) and the
// TENANT ones an org makes. A profile's ports are read and replaced whole: one bounded JSON text.

/** Some of the SYSTEM profiles NSX-T gives Cloud Director, by their NSX-T names. */
const SYSTEM_PROFILES: readonly { name: string; protocol: 'TCP' | 'UDP' | 'ICMPv4'; ports: string[] }[] = [
  { name: 'HTTP', protocol: 'TCP', ports: ['80'] },
  { name: 'HTTPS', protocol: 'TCP', ports: ['443'] },
  { name: 'SSH', protocol: 'TCP', ports: ['22'] },
  { name: 'FTP', protocol: 'TCP', ports: ['21'] },
  { name: 'SMTP', protocol: 'TCP', ports: ['25'] },
  { name: 'DNS', protocol: 'TCP', ports: ['53'] },
  { name: 'DNS-UDP', protocol: 'UDP', ports: ['53'] },
  { name: 'NTP', protocol: 'UDP', ports: ['123'] },
  { name: 'LDAP', protocol: 'TCP', ports: ['389'] },
  { name: 'MySQL', protocol: 'TCP', ports: ['3306'] },
  { name: 'RDP', protocol: 'TCP', ports: ['3389'] },
  { name: 'ICMP ALL', protocol: 'ICMPv4', ports: [] },
];

/** The same id for a system profile in every cell (a name-derived uuid). */
function systemProfileId(name: string): string {
  const h = createHash('sha1').update(`applicationPortProfile:SYSTEM:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('app_port_profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // null: a SYSTEM profile, every org's
    .addColumn('org_id', 'text', (c) => c.references('orgs.id').onDelete('cascade'))
    // SYSTEM or TENANT
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    // JSON array of ApplicationPortList: { protocol, destinationPorts }
    .addColumn('ports', 'text', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('app_port_profiles_org_name').on('app_port_profiles').columns(['org_id', 'name_key']).execute();
  await db.insertInto('app_port_profiles').values(SYSTEM_PROFILES.map((p, i) => ({
    id: systemProfileId(p.name), org_id: null, scope: 'SYSTEM', name: p.name, name_key: p.name.toLowerCase(), description: '',
    ports: JSON.stringify([{ protocol: p.protocol, destinationPorts: p.ports }]), created: i,
  }))).execute();
}
