// A cell as the CloudAPI shows it (VMware's Cell model: id, name, primaryIP, isActive, productVersion,
// productBuildDate).
import type { VersionCatalogue } from '../api-versions.ts';
import type { CellRecord } from '../services/cells.ts';

export function cloudCell(cell: CellRecord, catalogue: VersionCatalogue) {
  return {
    id: `urn:vcloud:cell:${cell.id}`,
    name: cell.name,
    primaryIP: cell.primaryIp,
    isActive: cell.isActive,
    productVersion: catalogue.build.version,
    productBuildDate: new Date(catalogue.build.date.replace(/^\w+ /, '')).toISOString(),
  };
}
