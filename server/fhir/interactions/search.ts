import { searchBundle } from '../bundle.ts';
import { interaction } from '../resources.ts';
import { requireScope, scopedHandler } from '../scopes.ts';
import { INCLUDES } from '../search/includes.ts';
import { parseSearch } from '../search/parse.ts';
import type { Call } from '../types.ts';
import { type FhirAnswer, type FhirRequest, preferenceOf } from './request.ts';

/** The type of the resources each `_include`/`_revinclude` adds. */
const INCLUDED_TYPE: Record<string, string> = {
  'Encounter:patient': 'Patient',
  'Media:encounter': 'Encounter',
  'Media:patient': 'Media',
};

/** `GET [type]?…` and `POST [type]/_search`: strict unless `Prefer: handling=lenient`. */
export async function searchType(call: Call, req: FhirRequest): Promise<FhirAnswer> {
  const h = scopedHandler(call, req.type, 's');
  const search = interaction(h, 'search', 'search');
  const offer = { type: h.type, params: search.params, ...INCLUDES[h.type] };
  const parsed = parseSearch(offer, req.query, preferenceOf(req.prefer, 'handling') === 'lenient');
  // What an include adds is read too: the token's scopes must allow reading that type.
  for (const inc of parsed.includes) requireScope(call, INCLUDED_TYPE[inc.name] ?? inc.name, 'r');
  return { status: 200, resource: searchBundle(call, h.type, parsed, await search.run(call, parsed)) };
}
