// Validates documents against VMware's published XSDs with libxml2 (xmllint-wasm: WebAssembly, no native
// addon, no network). The schema tree is loaded into xmllint's in-memory file system under its own relative
// paths, so the xs:include/xs:import chains resolve as they do on disk.
import assert from 'node:assert/strict';
import { existsSync, globSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateXML, type XMLFileInfo, type XMLValidationResult } from 'xmllint-wasm';

/** vcd-api-schemas checkout: VCDKIT_SCHEMAS_DIR, else `shared/` beside the repository (as in CI). */
export const SCHEMAS_DIR = process.env.VCDKIT_SCHEMAS_DIR
  ?? resolve(import.meta.dirname, '../../../shared/vcd-api-schemas');

const XSD_DIR = join(SCHEMAS_DIR, 'xsd');
export const MASTER_XSD = '1.5/schemas/master/master.xsd';
/** VMware's extensions (the provider's vCenters, provider VDCs…), which import the master schema */
export const EXTENSION_XSD = '1.5/schemas/extension/vmwextensions.xsd';

/** The schema a document's root belongs to: the extension's, or the master schema. */
export const schemaOf = (xml: string) =>
  (/^(?:<\?xml[^>]*>\s*)?<[\w:]+ xmlns="http:\/\/www\.vmware\.com\/vcloud\/extension\/v1\.5"/.test(xml) ? EXTENSION_XSD : MASTER_XSD);
export const VERSIONS_XSD = 'schemas/versioning/versions.xsd';

/** Why the schema suites cannot run here, or undefined when they can. */
export function schemasProblem(): string | undefined {
  return existsSync(join(XSD_DIR, MASTER_XSD)) && existsSync(join(XSD_DIR, VERSIONS_XSD))
    ? undefined
    : `VMware XSDs not found at ${XSD_DIR} (clone vcd-api-schemas beside the repository as shared/, or set VCDKIT_SCHEMAS_DIR)`;
}

// The OVF/CIM and xml.xsd imports name absolute URLs; point them at the local copies (the mapping of
// vcd-api-schemas/catalog.xml), as absolute paths in xmllint's file system.
const LOCAL_COPIES: Array<[string, string]> = [
  ['http://schemas.dmtf.org/ovf/envelope/1/', '/schemas/external/ovf1.1/'],
  ['http://schemas.dmtf.org/ovf/environment/1/', '/schemas/external/ovf1.1/'],
  ['http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2.22.0/', '/schemas/external/ovf1.1/'],
  ['http://schemas.dmtf.org/wbem/wscim/1/', '/schemas/external/ovf1.1/'],
  ['http://www.w3.org/2001/xml.xsd', '/schemas/external/xml.xsd'],
  ['http://www.w3.org/2009/01/xml.xsd', '/schemas/external/xml.xsd'],
];

// versions.xsd makes ProviderLoginUrl required in every VersionInfo, but it only exists from API 36.0 on:
// real cells (and ours) omit it for older versions, so the published schema rejects every real
// /api/versions answer. We validate against a copy where that one element is optional and check the
// 36.0+ rule separately in the test.
const optionalProviderLoginUrl = (xsd: string) =>
  xsd.replace('<xs:element name="ProviderLoginUrl" type="xs:string">',
    '<xs:element name="ProviderLoginUrl" type="xs:string" minOccurs="0">');

let tree: XMLFileInfo[] | undefined;

function schemaTree(): XMLFileInfo[] {
  tree ??= globSync('**/*.xsd', { cwd: XSD_DIR }).map((fileName) => {
    let contents = readFileSync(join(XSD_DIR, fileName), 'utf8');
    // only where a schema is located: the same URLs are namespaces too (rasd's), which must stay as they are
    contents = contents.replace(/schemaLocation="([^"]+)"/g, (_m, location: string) =>
      `schemaLocation="${LOCAL_COPIES.reduce((loc, [url, local]) => loc.replace(url, local), location)}"`);
    if (fileName === VERSIONS_XSD) {
      const relaxed = optionalProviderLoginUrl(contents);
      if (relaxed === contents) throw new Error(`${VERSIONS_XSD}: ProviderLoginUrl declaration not found`);
      contents = relaxed;
    }
    return { fileName, contents };
  });
  return tree;
}

/** Validates one XML document against the schema rooted at `root` (a path inside the xsd tree). */
export async function validate(xml: string, root: string = MASTER_XSD): Promise<XMLValidationResult> {
  const files = schemaTree();
  const schema = files.find((f) => f.fileName === root);
  if (!schema) throw new Error(`no schema ${root} in ${XSD_DIR}`);
  return validateXML({
    xml: { fileName: 'document.xml', contents: xml },
    schema,
    preload: files.filter((f) => f !== schema),
    maxMemoryPages: 16384, // the whole vCloud schema set needs more than the 32 MiB default
  });
}

/** Asserts a document valid against the vCloud schemas, naming its errors; nothing to check without the schemas. */
export async function assertSchemaValid(xml: string): Promise<void> {
  if (schemasProblem()) return;
  const result = await validate(xml);
  const problems = result.errors.filter((e) => e.loc?.fileName === 'document.xml').map((e) => e.message);
  assert.ok(result.valid, `schema errors:\n${problems.join('\n')}\n--- document:\n${xml}`);
}
