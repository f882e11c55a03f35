// A route hook for the provider's own operations (orgs and VDCs created, enabled, disabled, deleted): anyone else
// gets the 403 before the body is read, so a tenant learns nothing from how its body would have been taken.
import type { preParsingAsyncHookHandler } from 'fastify';
import { requireProvider } from '../inventory/policy.ts';

export const providerOnly: preParsingAsyncHookHandler = async (request, _reply, payload) => {
  requireProvider(request.session, `Access to the resource ${request.url.split('?')[0]} is forbidden.`);
  return payload;
};
