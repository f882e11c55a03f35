// `vcdkit versions [url]`: the API versions a cell offers, and the one this CLI would speak.
import { Command, Option } from 'commander';
import { VcdClient } from '../../sdk/index.ts';
import { activeProfile, connectOptions, emit, withSpinner } from '../context.ts';
import { renderTable } from '../output.ts';

export function versionsCommand(): Command {
  return new Command('versions')
    .description('list the API versions a cell offers (no login needed)')
    .argument('[url]', 'the cell (default: the active profile\'s)')
    .addOption(new Option('-k, --insecure', 'do not verify the TLS certificate (test labs only)'))
    .action(async (url: string | undefined, o: { insecure?: boolean }, cmd: Command) => {
      const profile = url ? undefined : (await activeProfile(cmd)).profile;
      const target = url ?? profile!.url;
      const insecure = o.insecure || profile?.insecure;
      const client = await withSpinner(cmd, `Asking ${target}`, () =>
        VcdClient.connect(target, connectOptions(cmd, insecure ? { tls: { insecure: true } } : {})));
      try {
        const versions = client.serverVersions.map((v) => ({ ...v, negotiated: v.version === client.apiVersion }));
        await emit(cmd, {
          data: versions,
          xml: async () => (await client.send<string>('GET', '/api/versions', { accept: 'application/*+xml' })).text,
          table: () => renderTable({
            head: ['version', 'status', 'login url'],
            rows: versions.map((v) => [
              v.version,
              [v.alpha ? 'alpha' : v.deprecated ? 'deprecated' : 'current', v.negotiated ? '(negotiated)' : ''].join(' ').trim(),
              v.loginUrl,
            ]),
          }),
        });
      } finally {
        await client.close();
      }
    });
}
