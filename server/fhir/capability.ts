import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceSearchParam,
} from '@medplum/fhirtypes';
import { EXPUNGE_AVAILABLE } from './expunge.ts';
import { INCLUDES } from './search/includes.ts';
import type { ResourceHandler } from './types.ts';

/** The result parameters every search takes. */
const CONTROL: CapabilityStatementRestResourceSearchParam[] = [
  { name: '_count', type: 'number', documentation: 'Page size, at most 100 (0: the total alone)' },
  { name: '_summary', type: 'token', documentation: 'count: the total alone' },
];

type Interaction = NonNullable<CapabilityStatementRestResource['interaction']>[number]['code'];

/** Exactly what the handlers implement: an interaction is listed only if its function exists. */
function resourceCapability(h: ResourceHandler, _base: string): CapabilityStatementRestResource {
  const inc = INCLUDES[h.type] ?? {};
  const params = h.search?.params ?? [];
  const sorts = params.filter((p) => p.sort).map((p) => p.name);
  const codes: Interaction[] = ['read'];
  if (h.version) codes.push('vread');
  if (h.update) codes.push('update', 'patch');
  if (h.remove) codes.push('delete');
  if (h.history) codes.push('history-instance');
  if (h.historyItems) codes.push('history-type');
  if (h.create) codes.push('create');
  if (h.search) codes.push('search-type');
  return {
    type: h.type as CapabilityStatementRestResource['type'],
    interaction: codes.map((code) => ({ code })),
    versioning: h.version ? 'versioned' : 'no-version',
    readHistory: Boolean(h.version),
    updateCreate: false,
    conditionalCreate: Boolean(h.create),
    conditionalRead: 'not-supported',
    conditionalUpdate: Boolean(h.update),
    conditionalDelete: 'not-supported',
    ...(h.search
      ? {
          searchParam: [
            ...params.map((p) => ({ name: p.name, type: p.type, documentation: p.documentation })),
            ...CONTROL,
            ...(sorts.length
              ? [
                  {
                    name: '_sort',
                    type: 'special' as const,
                    documentation: `By ${sorts.join(', ')}; - for descending`,
                  },
                ]
              : []),
          ],
        }
      : {}),
    ...(inc.includes?.length ? { searchInclude: inc.includes.map((i) => i.name) } : {}),
    ...(inc.revincludes?.length ? { searchRevInclude: inc.revincludes.map((i) => i.name) } : {}),
    ...(h.expunge && EXPUNGE_AVAILABLE
      ? { operation: [{ name: 'expunge', definition: 'urn:vellum:operation-expunge' }] }
      : {}),
  };
}

export function capabilityStatement(
  handlers: ResourceHandler[],
  origin: string,
  now: Date,
  cors = false,
): CapabilityStatement {
  const base = `${origin}/fhir/R4`;
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: now.toISOString(),
    kind: 'instance',
    software: { name: 'Vellum' },
    implementation: { description: 'Vellum FHIR R4 facade', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors,
          service: [
            {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' },
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
              text: 'OAuth2 client credentials (a secret, or a private_key_jwt assertion with SMART system scopes) at the token endpoint, or a personal API token as bearer',
            },
          ],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [{ url: 'token', valueUri: `${origin}/oauth2/token` }],
            },
          ],
        },
        resource: handlers.map((h) => resourceCapability(h, base)),
        interaction: [{ code: 'batch' }, { code: 'transaction' }],
      },
    ],
  };
}
