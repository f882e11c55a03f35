// The application port profile's API (a declaration the engine serves: http/entity-api.ts): POST
// /applicationPortProfiles (a TENANT profile of the org its orgRef names, else the caller's), PUT and DELETE
// /applicationPortProfiles/{urn} (a SYSTEM one: 403), each a task (202 and its Location), as Cloud Director 10.x
// answers. Lists and GET by URN are the type's CloudAPI view.
import { defineEntityApi, findByUrn, operation } from '../../http/entity-api.ts';
import { ApplicationPortProfile } from '../../http/cloudapi-schemas.generated.ts';
import { errors } from '../../errors.ts';
import { orgType } from '../org/type.ts';
import { readCloudAppPortProfile, type CloudAppPortProfileBody } from './cloudapi.ts';
import { appPortProfileType } from './type.ts';

export const appPortProfileApi = defineEntityApi(appPortProfileType, {
  idLabel: 'application port profile',
  operations: [
    operation<CloudAppPortProfileBody>({
      api: 'cloudapi', method: 'POST', collection: true, rights: 'create', body: { schema: ApplicationPortProfile }, task: true,
      run: async ({ request, services, session, body }) => {
        const { spec, org } = readCloudAppPortProfile(body);
        if (!org && session.isProvider) throw errors.badRequest('The application port profile names no organization (body/orgRef/id).');
        const orgId = org ? (await findByUrn(request, orgType, org)).id : session.orgId;
        return services.appPortProfiles.create(session, orgId, spec);
      },
    }),
    operation<CloudAppPortProfileBody>({
      api: 'cloudapi', method: 'PUT', rights: 'edit', body: { schema: ApplicationPortProfile }, task: true,
      run: async ({ services, session, entity, body }) =>
        services.appPortProfiles.update(session, await services.appPortProfiles.writable(session, entity.id), readCloudAppPortProfile(body).spec),
    }),
    operation({
      api: 'cloudapi', method: 'DELETE', rights: 'delete', task: true,
      run: async ({ services, session, entity }) => services.appPortProfiles.delete(session, await services.appPortProfiles.writable(session, entity.id)),
    }),
  ],
});
