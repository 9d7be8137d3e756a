import { and, eq, inArray, isNull } from 'drizzle-orm';
import { type BodyRegion, regionCodes } from '../../../shared/body-map.ts';
import type { Db } from '../../db/client.ts';
import { lesions } from '../../db/schema-clinical.ts';

export interface LesionSite {
  id: string;
  code: string;
  display: string;
}

/**
 * The sites of the active lesions these images point at, by lesion id (the caller has checked
 * access to the images; the account bounds the lookup all the same).
 */
export async function lesionSitesOf(
  db: Db,
  accountId: string,
  images: readonly { lesionId: string | null }[],
): Promise<Map<string, LesionSite>> {
  const ids = [...new Set(images.map((i) => i.lesionId).filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: lesions.id, code: lesions.siteCode, region: lesions.siteRegion })
    .from(lesions)
    .where(and(inArray(lesions.id, ids), eq(lesions.accountId, accountId), isNull(lesions.deletedAt)));
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        code: r.code,
        display: regionCodes(r.region as BodyRegion).find((c) => c.code === r.code)?.display ?? r.code,
      },
    ]),
  );
}
