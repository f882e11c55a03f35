// vApp templates: read (their VMs and sections), metadata. Instantiating one is a VDC's operation: VApps.instantiate.
import type { QueryRecord } from '../types.ts';
import type { Owner } from './catalog.ts';
import { asArray, ResourceSetWithMetadata, type NamedEntity, specOf } from './resource.ts';

/** A VM of a template (the source of a vApp's VM), with its sections as VCD JSON gives them. */
export interface TemplateVm extends NamedEntity {
  status: number;
  section?: Array<{ _type: string; [member: string]: unknown }> | undefined;
}

/** GET /api/vAppTemplate/vappTemplate-{id} (application/vnd.vmware.vcloud.vAppTemplate+json) */
export interface VAppTemplate extends NamedEntity {
  /** 8 when it can be instantiated */
  status: number;
  goldMaster?: boolean | undefined;
  owner?: Owner | undefined;
  children?: { vm?: TemplateVm[] | undefined } | undefined;
  dateCreated?: string | undefined;
}

/** A record of the vAppTemplate query. */
export interface VAppTemplateRecord extends QueryRecord {
  href: string;
  name: string;
  description?: string | undefined;
  catalogName: string;
  catalog: string;
  catalogItem: string;
  org: string;
  ownerName: string;
  status: string;
  isBusy: boolean;
  isGoldMaster: boolean;
  isEnabled: boolean;
  isPublished: boolean;
  creationDate: string;
}

/** vApp templates (query type vAppTemplate). */
export class VAppTemplates extends ResourceSetWithMetadata<VAppTemplate, VAppTemplateRecord> {
  protected readonly spec = specOf('vapptemplate', 'vApp template');

  /** The template's VMs. */
  vms(template: VAppTemplate): TemplateVm[] { return asArray(template.children?.vm); }
}
