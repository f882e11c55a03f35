// The CloudAPI Org (org/org.yaml): the spec's properties, and the counts Cloud Director 10.4 and later add to it.
import { urn } from '../../ids.ts';
import type { OrgCloudRow } from './type.ts';

export function cloudOrg(o: OrgCloudRow) {
  return {
    id: urn('org', o.id),
    name: o.name,
    displayName: o.full_name,
    description: o.description,
    isEnabled: o.is_enabled === 1,
    orgVdcCount: Number(o.vdcs),
    catalogCount: Number(o.catalogs),
    vappCount: Number(o.vapps),
    runningVMCount: Number(o.running_vms),
    userCount: Number(o.users),
    // independent disks are not modelled
    diskCount: 0,
    canManageOrgs: o.is_system === 1,
  };
}
