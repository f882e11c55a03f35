// The CloudAPI OrgVdc (vdc/vdcs.yaml).
import { urn } from '../../ids.ts';
import { ALLOCATION_TYPES, type VdcCloudRow } from './type.ts';
import { entityReference } from '../../representation/cloudapi/entity-reference.ts';

export function cloudVdc(v: VdcCloudRow) {
  return {
    id: urn('vdc', v.id),
    name: v.name,
    description: v.description,
    allocationType: ALLOCATION_TYPES[v.allocation_model] ?? v.allocation_model,
    org: entityReference('org', v.org_id, v.org_name),
  };
}
