// An NSX-T Edge gateway's services (a declaration the engine serves: http/entity-api.ts), under
// /cloudapi/1.0.0/edgeGateways/{urn}: /nat/rules (a page; POST adds one) and /nat/rules/{ruleId}; /firewall/rules
// (the ordered list: PUT replaces it, DELETE empties it) and /firewall/rules/{ruleId}; /dns. Reads need the service's
// view right, writes its configure right; every write is a task of the gateway's (202 and its Location), as Cloud
// Director 10.x answers. Another org's gateway is forbidden, as one that does not exist.
import type { FastifyRequest } from 'fastify';
import { defineEntityApi, operation, type OperationContext } from '../../http/entity-api.ts';
import { EdgeDnsConfig, EdgeFirewallRule, EdgeFirewallRules, EdgeNatRule } from '../../http/cloudapi-schemas.generated.ts';
import { parseListQuery } from '../../http/paging.ts';
import { edgeGatewayType } from '../edge-gateway/type.ts';
import {
  cloudDns, cloudFirewallRule, cloudNatRule, DEFAULT_FIREWALL_RULE, readCloudDns, readCloudFirewallRule, readCloudNatRule,
  type CloudDnsBody, type CloudFirewallRuleBody, type CloudNatRuleBody,
} from './cloudapi.ts';
import type { FirewallRuleSpec, NatRuleSpec, ServiceGateway } from './service.ts';

/**
 * EdgeNatRule as API 36.0 takes it: the rule's type in `type`, which adds REFLEXIVE (go-vcloud-director sends `type`
 * alone from 36.0 on), so `ruleType` (API 35.0's, the spec's) is no longer required.
 */
export const NatRuleBody = {
  ...EdgeNatRule,
  required: EdgeNatRule.required.filter((r) => r !== 'ruleType'),
  properties: { ...EdgeNatRule.properties, type: { type: ['string', 'null'], enum: ['DNAT', 'SNAT', 'NO_DNAT', 'NO_SNAT', 'REFLEXIVE', null] } },
};

const RULE = '/:ruleId';
const ruleId = (request: FastifyRequest) => (request.params as { ruleId: string }).ruleId;
const gatewayOf = ({ entity }: OperationContext<unknown>): ServiceGateway => ({ id: entity.id, orgId: entity.orgId, name: entity.name });

export const gatewayServicesApi = defineEntityApi(edgeGatewayType, {
  idLabel: 'Edge gateway',
  operations: [
    operation({
      api: 'cloudapi', method: 'GET', path: '/nat/rules', rights: 'viewNat',
      run: async (ctx) => {
        const { page, pageSize } = parseListQuery(ctx.request);
        const rules = await ctx.services.gatewayServices.rules<NatRuleSpec>(gatewayOf(ctx), 'nat', page, pageSize);
        const names = await ctx.services.gatewayServices.referenceNames(rules.items, 'nat');
        return {
          resultTotal: rules.total, pageCount: rules.pageCount, page: rules.page, pageSize: rules.pageSize, associations: [],
          values: rules.items.map((r) => cloudNatRule(r, names)),
        };
      },
      render: (_ctx, page) => page,
    }),
    operation<CloudNatRuleBody>({
      api: 'cloudapi', method: 'POST', path: '/nat/rules', rights: 'configureNat', body: { schema: NatRuleBody }, task: true,
      run: (ctx) => ctx.services.gatewayServices.createNatRule(ctx.session, gatewayOf(ctx), readCloudNatRule(ctx.body)),
    }),
    operation({
      api: 'cloudapi', method: 'GET', path: `/nat/rules${RULE}`, rights: 'viewNat',
      run: async (ctx) => {
        const rule = await ctx.services.gatewayServices.rule<NatRuleSpec>(gatewayOf(ctx), 'nat', ruleId(ctx.request));
        return cloudNatRule(rule, await ctx.services.gatewayServices.referenceNames([rule], 'nat'));
      },
      render: (_ctx, rule) => rule,
    }),
    operation<CloudNatRuleBody>({
      api: 'cloudapi', method: 'PUT', path: `/nat/rules${RULE}`, rights: 'configureNat', body: { schema: NatRuleBody }, task: true,
      run: (ctx) => ctx.services.gatewayServices.updateRule(ctx.session, gatewayOf(ctx), 'nat', ruleId(ctx.request), readCloudNatRule(ctx.body)),
    }),
    operation({
      api: 'cloudapi', method: 'DELETE', path: `/nat/rules${RULE}`, rights: 'configureNat', task: true,
      run: (ctx) => ctx.services.gatewayServices.deleteRule(ctx.session, gatewayOf(ctx), 'nat', ruleId(ctx.request)),
    }),
    operation({
      api: 'cloudapi', method: 'GET', path: '/firewall/rules', rights: 'viewFirewall',
      run: async (ctx) => {
        const rules = await ctx.services.gatewayServices.allRules<FirewallRuleSpec>(gatewayOf(ctx), 'firewall');
        const names = await ctx.services.gatewayServices.referenceNames(rules, 'firewall');
        return { systemRules: [], userDefinedRules: rules.map((r) => cloudFirewallRule(r, names)), defaultRules: [DEFAULT_FIREWALL_RULE] };
      },
      render: (_ctx, rules) => rules,
    }),
    operation<{ userDefinedRules?: Array<CloudFirewallRuleBody & { id?: string | null }> | null }>({
      api: 'cloudapi', method: 'PUT', path: '/firewall/rules', rights: 'configureFirewall', body: { schema: EdgeFirewallRules }, task: true,
      run: (ctx) => ctx.services.gatewayServices.replaceFirewall(ctx.session, gatewayOf(ctx), (ctx.body.userDefinedRules ?? [])
        .map((r, i) => ({ id: r.id ?? undefined, spec: readCloudFirewallRule(r, `body/userDefinedRules/${i}`) }))),
    }),
    operation({
      api: 'cloudapi', method: 'DELETE', path: '/firewall/rules', rights: 'configureFirewall', task: true,
      run: (ctx) => ctx.services.gatewayServices.clearFirewall(ctx.session, gatewayOf(ctx)),
    }),
    operation({
      api: 'cloudapi', method: 'GET', path: `/firewall/rules${RULE}`, rights: 'viewFirewall',
      run: async (ctx) => {
        const rule = await ctx.services.gatewayServices.rule<FirewallRuleSpec>(gatewayOf(ctx), 'firewall', ruleId(ctx.request));
        return cloudFirewallRule(rule, await ctx.services.gatewayServices.referenceNames([rule], 'firewall'));
      },
      render: (_ctx, rule) => rule,
    }),
    operation<CloudFirewallRuleBody>({
      api: 'cloudapi', method: 'PUT', path: `/firewall/rules${RULE}`, rights: 'configureFirewall', body: { schema: EdgeFirewallRule }, task: true,
      run: (ctx) => ctx.services.gatewayServices.updateRule(ctx.session, gatewayOf(ctx), 'firewall', ruleId(ctx.request), readCloudFirewallRule(ctx.body)),
    }),
    operation({
      api: 'cloudapi', method: 'DELETE', path: `/firewall/rules${RULE}`, rights: 'configureFirewall', task: true,
      run: (ctx) => ctx.services.gatewayServices.deleteRule(ctx.session, gatewayOf(ctx), 'firewall', ruleId(ctx.request)),
    }),
    operation({
      api: 'cloudapi', method: 'GET', path: '/dns', rights: 'viewDns',
      run: async (ctx) => {
        const { dns, version } = await ctx.services.gatewayServices.dns(gatewayOf(ctx));
        return cloudDns(dns, version);
      },
      render: (_ctx, dns) => dns,
    }),
    operation<CloudDnsBody>({
      api: 'cloudapi', method: 'PUT', path: '/dns', rights: 'configureDns', body: { schema: EdgeDnsConfig }, task: true,
      run: (ctx) => ctx.services.gatewayServices.setDns(ctx.session, gatewayOf(ctx), readCloudDns(ctx.body)),
    }),
    operation({
      api: 'cloudapi', method: 'DELETE', path: '/dns', rights: 'configureDns', task: true,
      run: (ctx) => ctx.services.gatewayServices.setDns(ctx.session, gatewayOf(ctx), undefined),
    }),
  ],
});
