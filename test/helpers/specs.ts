// VMware's descriptions of the API, which COVERAGE.md measures the cell against (scripts/coverage.ts): the
// CloudAPI's Swagger files in the vcd-api-schemas checkout, and the OpenAPI conversion of the legacy API's
// reference beside it (VCDKIT_LEGACY_SPEC overrides, as VCDKIT_SCHEMAS_DIR does for the checkout).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SCHEMAS_DIR } from './xsd.ts';

/** the CloudAPI's root file: every path, most as a $ref into its area's folder */
export const CLOUDAPI_SPEC = join(SCHEMAS_DIR, 'cloudapi-openapi/vcloud-openapi-schemas.yaml');
export const LEGACY_SPEC = process.env.VCDKIT_LEGACY_SPEC
  ?? resolve(import.meta.dirname, '../../../shared/legacy-api-openapi/39.1.json');

/** Why COVERAGE.md cannot be generated or checked here, or undefined when it can. */
export function specsProblem(): string | undefined {
  const missing = [CLOUDAPI_SPEC, LEGACY_SPEC].filter((file) => !existsSync(file));
  return missing.length
    ? `VMware's API specs not found: ${missing.join(', ')} (clone vcd-api-schemas and legacy-api-openapi beside the repository as shared/, or set VCDKIT_SCHEMAS_DIR and VCDKIT_LEGACY_SPEC)`
    : undefined;
}
