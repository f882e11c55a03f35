// `vcdkit versions [url]`: the API versions a cell offers, and the one this CLI would speak.
import { Command, Option } from 'commander';
import { activeProfile, cellUrl, connect, contextFrom, emit, tlsOf, withSpinner, type Context } from '../context.ts';
import type { Factory } from '../factory.ts';
import { renderTable } from '../output.ts';

export interface VersionsOptions { ctx: Context; url?: string | undefined; insecure?: boolean | undefined }

export async function versionsRun({ ctx, url, insecure }: VersionsOptions): Promise<void> {
  const profile = url ? undefined : (await activeProfile(ctx)).profile;
  const target = url ? cellUrl(ctx, url) : profile!.url;
  const client = await withSpinner(ctx, `Asking ${target}`, () =>
    connect(ctx, target, { tls: insecure ? { insecure: true } : profile && tlsOf(profile) }));
  try {
    const versions = client.serverVersions.map((v) => ({ ...v, negotiated: v.version === client.apiVersion }));
    await emit(ctx, {
      data: versions,
      xml: () => client.document('/api/versions'),
      table: (out) => renderTable({
        head: ['version', 'status', 'login url'],
        rows: versions.map((v) => [
          v.version,
          [v.alpha ? 'alpha' : v.deprecated ? 'deprecated' : 'current', v.negotiated ? '(negotiated)' : ''].join(' ').trim(),
          v.loginUrl,
        ]),
      }, out),
    });
  } finally {
    await client.close();
  }
}

export function versionsCommand(f: Factory, runF = versionsRun): Command {
  return new Command('versions')
    .description('list the API versions a cell offers (no login needed)')
    .argument('[url]', 'the cell (default: the active profile\'s; a bare host[:port] means https://)')
    .addOption(new Option('-k, --insecure', 'do not verify the TLS certificate (test labs only)'))
    .action((url: string | undefined, o: { insecure?: boolean }, cmd: Command) => runF({ ctx: contextFrom(f, cmd), url, insecure: o.insecure }));
}
