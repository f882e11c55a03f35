// The CloudAPI ProviderVdc (pvdc/pvdc.yaml).
import { urn } from '../../ids.ts';
import { entityReference } from '../../representation/cloudapi/entity-reference.ts';
import type { ProviderVdcCloudRow } from './type.ts';

export function cloudProviderVdc(r: ProviderVdcCloudRow) {
  return {
    id: urn('providervdc', r.id),
    name: r.name,
    description: r.description,
    isEnabled: r.is_enabled === 1,
    maxSupportedHwVersion: 'vmx-19',
    nsxTManager: r.manager_id === null ? null : entityReference('nsxtmanager', r.manager_id, r.manager_name ?? ''),
    vimServer: entityReference('vimserver', r.vc_id, r.vc_name),
  };
}
