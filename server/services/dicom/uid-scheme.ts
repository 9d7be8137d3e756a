import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DicomConfig } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { dicomDeployment } from '../../db/schema-dicom.ts';
import type { Ctx } from '../context.ts';

export interface UidScheme {
  root: string | undefined;
  namespace: string;
}

/**
 * The deployment's UID namespace: a UUID made once and stored, so every instance of Vellum on
 * this database (and a restored backup) derives the same UIDs for the same records.
 */
export async function uidScheme(ctx: Ctx, config: DicomConfig): Promise<UidScheme> {
  const read = async (db: Db) =>
    (await db.select().from(dicomDeployment).where(eq(dicomDeployment.id, 1)))[0];
  let row = await read(ctx.db);
  if (!row) {
    await ctx.db
      .insert(dicomDeployment)
      .values({ id: 1, namespace: randomUUID(), createdAt: ctx.clock.now() })
      .onConflictDoNothing();
    row = await read(ctx.db);
  }
  if (!row) throw new Error('dicom_deployment: no namespace row');
  return { root: config.rootUid, namespace: row.namespace };
}
