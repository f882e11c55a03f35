// Versioned migrations, shared by SQLite and PostgreSQL. Append; never edit one that has shipped.
import type { Migration } from 'kysely';
import * as core from './001-core.ts';
import * as tokens from './003-tokens.ts';
import * as rights from './004-rights.ts';
import * as auditIndexes from './005-audit-indexes.ts';
import * as tasksMetadata from './006-tasks-metadata.ts';
import * as vdcs from '../../entities/vdc/migration.ts';
import * as catalogs from '../../entities/catalog/migration.ts';
import * as networks from '../../entities/network/migration.ts';
import * as vapps from '../../entities/vapp/migration.ts';
import * as mfa from './012-mfa.ts';
import * as vdcReservations from '../../entities/vdc/reservations-migration.ts';
import * as secondFactorLockout from './014-second-factor-lockout.ts';
import * as vmSettings from '../../entities/vapp/settings-migration.ts';
import * as disks from '../../entities/disk/migration.ts';
import * as cells from './017-cells.ts';
import * as providerBacking from '../../entities/provider-vdc/migration.ts';
import * as nsxtObjects from '../../entities/firewall-group/migration.ts';
import * as appPortProfiles from '../../entities/app-port-profile/migration.ts';
import * as gatewayServices from '../../entities/gateway-services/migration.ts';
import * as vappNetworks from '../../entities/vapp/networks-migration.ts';
import * as vdcNetworkProfile from '../../entities/vdc/network-profile-migration.ts';
import * as externalNetworks from '../../entities/external-network/migration.ts';

export const migrations: Record<string, Migration> = {
  '001-core': core,
  '003-tokens': tokens,
  '004-rights': rights,
  '005-audit-indexes': auditIndexes,
  '006-tasks-metadata': tasksMetadata,
  '008-vdcs': vdcs,
  '009-catalogs': catalogs,
  '010-networks': networks,
  '011-vapps': vapps,
  '012-mfa': mfa,
  '013-vdc-reservations': vdcReservations,
  '014-second-factor-lockout': secondFactorLockout,
  '015-vm-settings': vmSettings,
  '016-disks': disks,
  '017-cells': cells,
  '018-provider-backing': providerBacking,
  '019-firewall-groups': nsxtObjects,
  '020-app-port-profiles': appPortProfiles,
  '021-gateway-services': gatewayServices,
  '022-vapp-networks': vappNetworks,
  '023-vdc-network-profile': vdcNetworkProfile,
  '024-external-networks': externalNetworks,
};
