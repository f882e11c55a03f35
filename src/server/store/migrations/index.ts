// Versioned migrations, shared by SQLite and PostgreSQL. Append; never edit one that has shipped.
import type { Migration } from 'kysely';
import * as core from './001-core.ts';
import * as tokens from './003-tokens.ts';
import * as rights from './004-rights.ts';
import * as auditIndexes from './005-audit-indexes.ts';
import * as tasksMetadata from './006-tasks-metadata.ts';
import * as vdcs from './008-vdcs.ts';
import * as catalogs from './009-catalogs.ts';
import * as networks from './010-networks.ts';
import * as vapps from './011-vapps.ts';
import * as mfa from './012-mfa.ts';
import * as vdcReservations from './013-vdc-reservations.ts';
import * as secondFactorLockout from './014-second-factor-lockout.ts';

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
};
