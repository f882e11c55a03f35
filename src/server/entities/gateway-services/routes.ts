// An NSX-T Edge gateway's services (a declaration the engine serves: http/entity-api.ts), under
// /cloudapi/1.0.0/edgeGateways/{urn}: /nat/rules (a page; POST adds one) and /nat/rules/{ruleId}; /firewall/rules
// (the ordered list: PUT replaces it, DELETE empties it) and /firewall/rules/{ruleId}; /routing/staticRoutes (a page;
// POST adds one) and /routing/staticRoutes/{ruleId}; /dns. Reads need the service's
// view right, writes its configure right; every write is a task of the gateway's (202 and its Location), as Cloud
// Director 10.x answers. Another org's gateway is forbidden, as one that does not exist.
import type { FastifyRequest } from 'fastify';
import { defineEntityApi, operation, type OperationContext } from '../../http/entity-api.ts';
import { EdgeDnsConfig, EdgeFirewallRule, EdgeFirewallRules, EdgeNatRule } from '../../http/cloudapi-schemas.generated.ts';
import { parseListQuery } from '../../http/paging.ts';
import { edgeGatewayType } from '../edge-gateway/type.ts';
import {
  cloudDns, cloudFirewallRule, cloudNatRule, cloudStaticRoute, DEFAULT_FIREWALL_RULE, readCloudDns, readCloudFirewallRule, readCloudNatRule,
  readCloudStaticRoute, type CloudDnsBody, type CloudFirewallRuleBody, type CloudNatRuleBody, type CloudStaticRouteBody,
} from './cloudapi.ts';
import type { FirewallRuleSpec, NatRuleSpec, ServiceGateway, StaticRouteSpec, StoredRule } from './service.ts';
import type { ListPage } from '../../services/listing.ts';

/**
 * EdgeNatRule as API 36.0 takes it: the rule's type in `type`, which adds REFLEXIVE (go-vcloud-director sends `type`
 * alone from 36.0 on), so `ruleType` (API 35.0's, the spec's) is no longer required.
 */
export const NatRuleBody = {
  ...EdgeNatRule,
  required: EdgeNatRule.required.filter((r) => r !== 'ruleType'),
  properties: { ...EdgeNatRule.properties, type: { type: ['string', 'null'], enum: ['DNAT', 'SNAT', 'NO_DNAT', 'NO_SNAT', 'REFLEXIVE', null] } },
};

const text = (maxLength: number) => ({ type: 'string', maxLength });
const optional = (schema: { type: string }) => ({ ...schema, type: [schema.type, 'null'] });

/**
 * EdgeStaticRoute (API 37.0: the spec the cell converts, 35.0's, has none), bounded as the converted schemas are: a
 * name, a CIDR block, next hops with an address, an administrative distance (1-255) and an optional scope.
 */
const StaticRouteBody = {
  type: 'object', required: ['name', 'networkCidr', 'nextHops'],
  properties: {
    name: text(4096), description: optional(text(4096)), networkCidr: text(64),
    nextHops: {
      type: 'array', maxItems: 1024, items: {
        type: 'object', required: ['ipAddress'],
        properties: {
          ipAddress: text(64), adminDistance: { type: ['integer', 'null'], minimum: 1, maximum: 255 },
          scope: { type: ['object', 'null'], properties: { id: optional(text(4096)), name: optional(text(4096)), scopeType: optional(text(64)) } },
        },
      },
    },
  },
};

const RULE = '/:ruleId';
const ruleId = (request: FastifyRequest) => (request.params as { ruleId: string }).ruleId;
const gatewayOf = ({ entity }: OperationContext<unknown>): ServiceGateway => ({ id: entity.id, orgId: entity.orgId, name: entity.name });

/** The page of a gateway's rules of a kind the request asks for (page, pageSize). */
function pageOf<Spec>(ctx: OperationContext<unknown>, kind: 'nat' | 'staticRoute'): Promise<ListPage<StoredRule<Spec>>> {
  const { page, pageSize } = parseListQuery(ctx.request);
  return ctx.services.gatewayServices.rules<Spec>(gatewayOf(ctx), kind, page, pageSize);
}

/** CloudAPI's page envelope of a page of rules. */
const envelope = <T>(p: ListPage<T>, render: (item: T) => unknown) =>
  ({ resultTotal: p.total, pageCount: p.pageCount, page: p.page, pageSize: p.pageSize, associations: [], values: p.items.map(render) });

export const gatewayServicesApi = defineEntityApi(edgeGatewayType, {
  idLabel: 'Edge gateway',
  operations: [
    operation({
      api: 'cloudapi', method: 'GET', path: '/nat/rules', rights: 'viewNat',
      run: async (ctx) => {
        const rules = await pageOf<NatRuleSpec>(ctx, 'nat');
        const names = await ctx.services.gatewayServices.referenceNames(rules.items, 'nat');
        return envelope(rules, (r) => cloudNatRule(r, names));
      },
      render: (_ctx, page) => page,
    }),
    operation<CloudNatRuleBody>({
      api: 'cloudapi', method: 'POST', path: '/nat/rules', rights: 'configureNat', body: { schema: NatRuleBody }, task: true,
      run: (ctx) => ctx.services.gatewayServices.createRule(ctx.session, gatewayOf(ctx), 'nat', readCloudNatRule(ctx.body)),
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
      api: 'cloudapi', method: 'GET', path: '/routing/staticRoutes', rights: 'viewStaticRoutes',
      run: async (ctx) => envelope(await pageOf<StaticRouteSpec>(ctx, 'staticRoute'), cloudStaticRoute),
      render: (_ctx, page) => page,
    }),
    operation<CloudStaticRouteBody>({
      api: 'cloudapi', method: 'POST', path: '/routing/staticRoutes', rights: 'configureStaticRoutes', body: { schema: StaticRouteBody }, task: true,
      run: (ctx) => ctx.services.gatewayServices.createRule(ctx.session, gatewayOf(ctx), 'staticRoute', readCloudStaticRoute(ctx.body)),
    }),
    operation({
      api: 'cloudapi', method: 'GET', path: `/routing/staticRoutes${RULE}`, rights: 'viewStaticRoutes',
      run: async (ctx) => cloudStaticRoute(await ctx.services.gatewayServices.rule<StaticRouteSpec>(gatewayOf(ctx), 'staticRoute', ruleId(ctx.request))),
      render: (_ctx, route) => route,
    }),
    operation<CloudStaticRouteBody>({
      api: 'cloudapi', method: 'PUT', path: `/routing/staticRoutes${RULE}`, rights: 'configureStaticRoutes', body: { schema: StaticRouteBody }, task: true,
      run: (ctx) => ctx.services.gatewayServices.updateRule(ctx.session, gatewayOf(ctx), 'staticRoute', ruleId(ctx.request), readCloudStaticRoute(ctx.body)),
    }),
    operation({
      api: 'cloudapi', method: 'DELETE', path: `/routing/staticRoutes${RULE}`, rights: 'configureStaticRoutes', task: true,
      run: (ctx) => ctx.services.gatewayServices.deleteRule(ctx.session, gatewayOf(ctx), 'staticRoute', ruleId(ctx.request)),
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
