import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import { EXPUNGE_AVAILABLE } from './expunge.ts';
import type { ResourceHandler } from './types.ts';

type Interaction = NonNullable<CapabilityStatementRestResource['interaction']>[number]['code'];

/** Exactly what the handlers implement: an interaction is listed only if its function exists. */
function resourceCapability(h: ResourceHandler, _base: string): CapabilityStatementRestResource {
  const codes: Interaction[] = ['read'];
  if (h.version) codes.push('vread');
  if (h.update) codes.push('update');
  if (h.remove) codes.push('delete');
  if (h.history) codes.push('history-instance');
  if (h.create) codes.push('create');
  codes.push('search-type');
  return {
    type: h.type as CapabilityStatementRestResource['type'],
    interaction: codes.map((code) => ({ code })),
    versioning: h.version ? 'versioned' : 'no-version',
    readHistory: Boolean(h.version),
    updateCreate: false,
    conditionalCreate: false,
    conditionalRead: 'not-supported',
    conditionalUpdate: false,
    conditionalDelete: 'not-supported',
    searchParam: [
      ...h.searchParams,
      { name: '_count', type: 'number', documentation: 'Page size, at most 100' },
    ],
    ...(h.expunge && EXPUNGE_AVAILABLE
      ? { operation: [{ name: 'expunge', definition: 'urn:vellum:operation-expunge' }] }
      : {}),
  };
}

export function capabilityStatement(
  handlers: ResourceHandler[],
  origin: string,
  now: Date,
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
          cors: false,
          service: [
            {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' },
              ],
              text: 'OAuth2 client credentials at the token endpoint, or a personal API token as bearer',
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
      },
    ],
  };
}
