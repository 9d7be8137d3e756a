import { count, desc, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { destructionRecordSummary } from '../../../shared/schemas/destruction.ts';
import type { Db } from '../../db/client.ts';
import { destructionRecordItems, destructionRecords } from '../../db/schema-ops.ts';
import { requireCapability } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';

type Summary = z.infer<typeof destructionRecordSummary>;
type Counts = Summary['counts'];

/** Destruction records, newest first, with their counts (super administrators). */
export async function listDestructionRecords(
  ctx: Ctx,
  actor: Actor,
  page: { page: number; pageSize: number },
) {
  requireCapability(actor, 'audit.deployment');
  const rows = await ctx.db
    .select()
    .from(destructionRecords)
    .orderBy(desc(destructionRecords.createdAt), desc(destructionRecords.id))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const [total] = await ctx.db.select({ n: count() }).from(destructionRecords);
  const counts = await countsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => presentSummary(r, counts.get(r.id))),
    total: total?.n ?? 0,
    ...page,
  };
}

export const noDestroyed = (): Counts => ({
  patients: 0,
  entries: 0,
  images: 0,
  lesions: 0,
  consents: 0,
  users: 0,
  files: 0,
});

const COUNTER: Record<string, keyof Counts> = {
  patient: 'patients',
  entry: 'entries',
  image: 'images',
  lesion: 'lesions',
  consent: 'consents',
  user: 'users',
};

/** How many records of each kind, and files, each of these destruction records names. */
export async function countsOf(db: Db, ids: string[]): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({
      recordId: destructionRecordItems.recordId,
      kind: destructionRecordItems.kind,
      n: count(),
      files: sql<number>`coalesce(sum(jsonb_array_length(${destructionRecordItems.files})), 0)::int`,
    })
    .from(destructionRecordItems)
    .where(inArray(destructionRecordItems.recordId, ids))
    .groupBy(destructionRecordItems.recordId, destructionRecordItems.kind);
  for (const r of rows) {
    const c = out.get(r.recordId) ?? noDestroyed();
    const key = COUNTER[r.kind];
    if (key) c[key] += Number(r.n);
    c.files += Number(r.files);
    out.set(r.recordId, c);
  }
  return out;
}

export function presentSummary(r: typeof destructionRecords.$inferSelect, counts?: Counts): Summary {
  return {
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    trigger: r.trigger,
    triggeredBy: r.triggeredBy,
    rule: r.rule,
    accountId: r.accountId,
    cleanupRunId: r.cleanupRunId,
    counts: counts ?? noDestroyed(),
  };
}
