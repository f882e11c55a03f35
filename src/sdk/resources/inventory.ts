// The inventory's resource sets, one per entity type, as VcdClient.inventory offers them.
import type { VcdClient } from '../client.ts';
import { CatalogItems } from './catalog-item.ts';
import { Catalogs } from './catalog.ts';
import { EdgeGateways } from './edge-gateway.ts';
import { MediaFiles } from './media.ts';
import { Networks } from './network.ts';
import { Tasks } from './task.ts';
import { VAppTemplates } from './vapp-template.ts';
import { VApps } from './vapp.ts';
import { Vdcs } from './vdc.ts';
import { Vms } from './vm.ts';

/** Every entity type of the inventory: get by href, id or name, list through the query service, and its operations. */
export class Inventory {
  readonly vdcs: Vdcs;
  readonly networks: Networks;
  readonly edgeGateways: EdgeGateways;
  readonly catalogs: Catalogs;
  readonly catalogItems: CatalogItems;
  readonly templates: VAppTemplates;
  readonly media: MediaFiles;
  readonly vapps: VApps;
  readonly vms: Vms;
  readonly tasks: Tasks;

  constructor(client: VcdClient) {
    this.vdcs = new Vdcs(client);
    this.networks = new Networks(client);
    this.edgeGateways = new EdgeGateways(client);
    this.catalogs = new Catalogs(client);
    this.catalogItems = new CatalogItems(client);
    this.templates = new VAppTemplates(client);
    this.media = new MediaFiles(client);
    this.vapps = new VApps(client);
    this.vms = new Vms(client);
    this.tasks = new Tasks(client);
  }
}
