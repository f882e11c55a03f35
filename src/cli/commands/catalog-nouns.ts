// `vcdkit network|catalog|template|media list|show`: the inventory's read-only nouns.
import type {
  Catalog, CatalogRecord, Media, MediaRecord, OrgVdcNetwork, OrgVdcNetworkRecord, VAppTemplate, VAppTemplateRecord,
} from '../../sdk/index.ts';
import type { Command } from 'commander';
import type { Factory } from '../factory.ts';
import { nounCommand, type Noun } from '../inventory-noun.ts';

/** A template's status code in the query service's word (what `list` shows): failed, unresolved, or resolved. */
const templateStatus = (code: number) => (code === -1 ? 'FAILED_CREATION' : code === 0 ? 'UNRESOLVED' : 'RESOLVED');

export const names = (refs: Array<{ name?: string | undefined }>) => refs.map((r) => r.name).join(', ');

export const NETWORK: Noun<OrgVdcNetwork, OrgVdcNetworkRecord> = {
  name: 'network', label: 'network',
  set: (client) => client.networks,
  columns: [['name', (r) => r.name], ['vdc', (r) => r.vdcName], ['gateway', (r) => r.defaultGateway], ['prefix', (r) => r.subnetPrefixLength],
    ['connectedTo', (r) => r.connectedTo], ['shared', (r) => r.isShared], ['usedIps', (r) => `${r.usedIpCount}/${r.totalIpCount}`]],
  fields: (n) => {
    const scope = n.configuration.ipScopes?.ipScope?.[0];
    return [['Name', n.name], ['Id', n.id], ['Description', n.description], ['Fence mode', n.configuration.fenceMode], ['Shared', n.isShared],
      ['Gateway', scope && `${scope.gateway}/${scope.subnetPrefixLength}`], ['DNS', scope && [scope.dns1, scope.dns2].filter(Boolean).join(', ')],
      ['IP ranges', scope?.ipRanges?.ipRange?.map((r) => `${r.startAddress}-${r.endAddress}`).join(', ')], ['Edge gateway', n.edgeGateway?.name], ['Href', n.href]];
  },
};

export const CATALOG: Noun<Catalog, CatalogRecord> = {
  name: 'catalog', label: 'catalog',
  set: (client) => client.catalogs,
  columns: [['name', (r) => r.name], ['org', (r) => r.orgName], ['owner', (r) => r.ownerName], ['templates', (r) => r.numberOfVAppTemplates],
    ['media', (r) => r.numberOfMedia], ['published', (r) => r.isPublished], ['shared', (r) => r.isShared]],
  fields: (c, client) => [['Name', c.name], ['Id', c.id], ['Description', c.description], ['Owner', c.owner?.user.name], ['Published', c.isPublished],
    ['Items', names(client.catalogs.items(c))], ['Created', c.dateCreated], ['Href', c.href]],
};

export const TEMPLATE: Noun<VAppTemplate, VAppTemplateRecord> = {
  name: 'template', label: 'vApp template',
  set: (client) => client.templates,
  columns: [['name', (r) => r.name], ['catalog', (r) => r.catalogName], ['owner', (r) => r.ownerName], ['status', (r) => r.status], ['goldMaster', (r) => r.isGoldMaster]],
  fields: (t, client) => [['Name', t.name], ['Id', t.id], ['Description', t.description], ['Status', templateStatus(t.status)], ['Owner', t.owner?.user.name],
    ['VMs', names(client.templates.vms(t))], ['Created', t.dateCreated], ['Href', t.href]],
};

export const MEDIA: Noun<Media, MediaRecord> = {
  name: 'media', label: 'media',
  set: (client) => client.media,
  columns: [['name', (r) => r.name], ['catalog', (r) => r.catalogName], ['owner', (r) => r.ownerName], ['sizeMB', (r) => Math.round(r.storageB / 1_048_576)], ['status', (r) => r.status]],
  fields: (m) => [['Name', m.name], ['Id', m.id], ['Description', m.description], ['Image type', m.imageType], ['Size MB', Math.round(m.size / 1_048_576)],
    ['Owner', m.owner?.user.name], ['Href', m.href]],
};

export const networkCommand = (f: Factory): Command => nounCommand(f, NETWORK, 'org VDC networks: where vApps\' VMs get their addresses');
export const catalogCommand = (f: Factory): Command => nounCommand(f, CATALOG, 'catalogs: the templates and media an org shares');
export const templateCommand = (f: Factory): Command => nounCommand(f, TEMPLATE, 'vApp templates: what vApps are made from');
export const mediaCommand = (f: Factory): Command => nounCommand(f, MEDIA, 'media: the ISO and floppy images of catalogs');
