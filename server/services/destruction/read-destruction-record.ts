import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { destructionRecordSchema } from '../../../shared/schemas/destruction.ts';
import { destructionRecordItems, destructionRecords } from '../../db/schema-ops.ts';
import { notFound } from '../../errors.ts';
import { isUuid, requireCapability } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import { countsOf, presentSummary } from './list-destruction-records.ts';

export type DestructionRecordJson = z.infer<typeof destructionRecordSchema>;

// The order a record lists what it destroyed: patients, then what was in their compartments.
const KIND_ORDER = ['patient', 'entry', 'image', 'lesion', 'consent', 'user'];

/** One destruction record with every record it names (super administrators). */
export async function readDestructionRecord(
  ctx: Ctx,
  actor: Actor,
  id: string,
): Promise<DestructionRecordJson> {
  requireCapability(actor, 'audit.deployment');
  if (!isUuid(id)) throw notFound('destruction record');
  const [row] = await ctx.db.select().from(destructionRecords).where(eq(destructionRecords.id, id));
  if (!row) throw notFound('destruction record');
  const items = await ctx.db
    .select()
    .from(destructionRecordItems)
    .where(eq(destructionRecordItems.recordId, id))
    .orderBy(asc(destructionRecordItems.itemId));
  items.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  const counts = await countsOf(ctx.db, [id]);
  return {
    ...presentSummary(row, counts.get(id)),
    items: items.map((i) => ({
      kind: i.kind as DestructionRecordJson['items'][number]['kind'],
      id: i.itemId,
      uniqueIdHash: i.uniqueIdHash,
      files: i.files,
      pacs: i.pacs ?? [],
    })),
  };
}
