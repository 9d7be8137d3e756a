import type { BodyStructure } from '@medplum/fhirtypes';
import { count, sql } from 'drizzle-orm';
import { LATERALITY_CODES, SNOMED_SYSTEM } from '../../shared/body-map.ts';
import { lesions } from '../db/schema-clinical.ts';
import { isActiveLesionStatus } from '../domain/lesions.ts';
import { type PresentedLesion, presentLesions } from '../services/lesions/present.ts';
import { getLesion } from '../services/lesions/read-lesions.ts';
import { bodyStructureParams, bodyStructureScope } from './search/lesion-params.ts';
import { runTableSearch } from './search/run.ts';
import type { TableSearch } from './search/types.ts';
import { extensionUrl, meta, SYSTEM, tagCodings } from './systems.ts';
import type { Call, ResourceHandler } from './types.ts';

/** Vellum's lesion labels ("L1") are the patient's own numbering, so an identifier of that system. */
const LABEL_SYSTEM = 'urn:vellum:lesion-label';

/**
 * A lesion followed across visits. The site's SNOMED CT code is the location, the patient's side its
 * qualifier; the label is an identifier; the status is an extension, and `active` says whether the
 * lesion is still there to follow (monitoring or biopsied), not whether the record is deleted.
 */
export function toBodyStructure(call: Call, l: PresentedLesion, tags: Map<string, string>): BodyStructure {
  const side = l.site.side === 'midline' ? undefined : LATERALITY_CODES[l.site.side];
  const description = [l.diagnosis, l.site.description].filter(Boolean).join('. ');
  return {
    resourceType: 'BodyStructure',
    id: l.id,
    meta: meta(l.version, l.lastModifiedAt, tagCodings(l.tagIds, tags)),
    extension: [
      {
        url: extensionUrl.lesionStatus(call.base),
        valueCoding: { system: SYSTEM.lesionStatus, code: l.status },
      },
    ],
    identifier: [{ system: LABEL_SYSTEM, value: l.label }],
    active: isActiveLesionStatus(l.status),
    location: {
      coding: [{ system: SNOMED_SYSTEM, code: l.site.code, display: l.site.display }],
      text: l.site.display,
    },
    ...(side
      ? { locationQualifier: [{ coding: [{ system: SNOMED_SYSTEM, ...side }], text: side.display }] }
      : {}),
    ...(description ? { description } : {}),
    patient: { reference: `Patient/${l.patientId}` },
  };
}

async function present(call: Call, rows: (typeof lesions.$inferSelect)[]) {
  const [tags, presented] = await Promise.all([call.tags(), presentLesions(call.ctx.db, rows)]);
  return presented.map((l) => toBodyStructure(call, l, tags));
}

/** BodyStructure search over the lesions, oldest first (the patient's own order: L1, L2, …). */
const lesionTable: TableSearch = {
  params: bodyStructureParams,
  scope: bodyStructureScope,
  defaultSort: [sql`${lesions.createdAt} asc`],
  idColumn: sql`${lesions.id}`,
  async count(db, where) {
    const [row] = await db.select({ n: count() }).from(lesions).where(where);
    return row?.n ?? 0;
  },
  async page(call, where, order, limit, offset) {
    const rows = await call.ctx.db
      .select()
      .from(lesions)
      .where(where)
      .orderBy(...order)
      .limit(limit)
      .offset(offset);
    return present(call, rows);
  },
};

export const bodyStructureHandler: ResourceHandler = {
  type: 'BodyStructure',
  search: { params: bodyStructureParams, run: (call, q) => runTableSearch(lesionTable, call, q) },
  async read(call, id) {
    const lesion = await getLesion(call.ctx, call.actor, id);
    return toBodyStructure(call, lesion, await call.tags());
  },
};
