// `vcdkit gateway list|show|nat|firewall`: Edge gateways and their NAT and firewall rules.
import { Command } from 'commander';
import type { EdgeGateway, EdgeGatewayRecord } from '../../sdk/index.ts';
import { contextFrom, emit, withClient, type Context } from '../context.ts';
import type { Factory } from '../factory.ts';
import { nounCommand, resolve, type Noun } from '../inventory-noun.ts';
import { renderTable } from '../output.ts';

export const GATEWAY: Noun<EdgeGateway, EdgeGatewayRecord> = {
  name: 'gateway', label: 'Edge gateway',
  set: (client) => client.edgeGateways,
  columns: [['name', (r) => r.name], ['vdc', (r) => r.orgVdcName], ['org', (r) => r.orgName], ['status', (r) => r.gatewayStatus],
    ['orgNetworks', (r) => r.numberOfOrgNetworks], ['extNetworks', (r) => r.numberOfExtNetworks]],
  fields: (g, client) => {
    const nat = client.edgeGateways.nat(g);
    const fw = client.edgeGateways.firewall(g);
    return [['Name', g.name], ['Id', g.id], ['Description', g.description], ['Backing', g.configuration.gatewayBackingConfig],
      ['Networks', client.edgeGateways.interfaces(g).map((n) => n.name).join(', ')],
      ['NAT', `${nat.enabled ? 'on' : 'off'}, ${nat.rules.length} rules`],
      ['Firewall', `${fw.enabled ? 'on' : 'off'}, default ${fw.defaultAction}, ${fw.rules.length} rules`], ['Href', g.href]];
  },
};

export interface RulesOptions { ctx: Context; gateway: string; service: 'nat' | 'firewall' }

export async function rulesRun({ ctx, gateway, service }: RulesOptions): Promise<void> {
  await withClient(ctx, async (client) => {
    const { edgeGateways } = client;
    const g = await resolve(edgeGateways, gateway);
    // The rules live in the gateway's document: that is their XML.
    const xml = () => client.document(g.href);
    if (service === 'nat') {
      const nat = edgeGateways.nat(g);
      return emit(ctx, {
        data: nat, xml,
        table: (out) => renderTable({
          head: ['id', 'type', 'enabled', 'originalIp', 'originalPort', 'translatedIp', 'translatedPort', 'protocol', 'description'],
          rows: nat.rules.map((r) => [r.id, r.ruleType, r.enabled, r.originalIp, r.originalPort, r.translatedIp, r.translatedPort, r.protocol, r.description]),
        }, out),
      });
    }
    const fw = edgeGateways.firewall(g);
    return emit(ctx, {
      data: fw, xml,
      table: (out) => renderTable({
        head: ['id', 'policy', 'enabled', 'protocols', 'sourceIp', 'sourcePort', 'destinationIp', 'destinationPort', 'description'],
        rows: fw.rules.map((r) => [r.id, r.policy, r.enabled, Object.entries(r.protocols ?? {}).filter(([, on]) => on).map(([p]) => p).join('+'),
          r.sourceIp, r.sourcePortRange, r.destinationIp, r.destinationPortRange, r.description]),
      }, out),
    });
  });
}

export function gatewayCommand(f: Factory): Command {
  const rules = (service: 'nat' | 'firewall', description: string) => new Command(service)
    .description(description)
    .argument('<gateway>', 'name, id, urn or href')
    .action((gateway: string, _o, cmd: Command) => rulesRun({ ctx: contextFrom(f, cmd), gateway, service }));
  return nounCommand(f, GATEWAY, 'Edge gateways: the routers of an org\'s routed networks')
    .addCommand(rules('nat', 'list a gateway\'s NAT rules, in order'))
    .addCommand(rules('firewall', 'list a gateway\'s firewall rules, in order'));
}
