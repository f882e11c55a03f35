// The CloudAPI VCenterServer (vc/virtualCenter.yaml): always connected, never a proxy.
import { urn } from '../../ids.ts';
import type { VirtualCenterRow } from './type.ts';

export function cloudVirtualCenter(r: VirtualCenterRow) {
  return {
    vcId: urn('vimserver', r.id),
    name: r.name,
    description: r.description,
    username: r.username,
    password: null,
    url: r.url,
    isEnabled: r.is_enabled === 1,
    vsphereWebClientServerUrl: null,
    hasProxy: false,
    rootFolder: null,
    vcNoneNetwork: null,
    tenantVisibleName: r.name,
    isConnected: true,
    mode: 'IAAS',
    listenerState: 'CONNECTED',
    clusterHealthStatus: 'GREEN',
    vcVersion: r.version,
    buildNumber: null,
    uuid: r.id,
    nsxVManager: null,
  };
}
