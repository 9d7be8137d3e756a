import { and, count, desc, eq, gte, inArray, isNotNull, not, type SQL } from 'drizzle-orm';
import { recordVersions } from '../../db/schema.ts';
import { can } from '../../domain/roles.ts';
import { requireAccount } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import { recordTable } from '../lifecycle/record-kinds.ts';
import type { RecordType } from '../versions.ts';

/**
 * The versions of every record of one kind in the caller's account, newest first, one page at a
 * time (FHIR's type-level history). Deleted records are left out for roles that cannot read them,
 * as a record's own history is.
 */
export async function accountHistory(
  ctx: Ctx,
  actor: Actor,
  recordType: RecordType,
  page: { since?: Date; limit: number; offset: number },
) {
  const accountId = requireAccount(actor, 'patients.history');
  const table = recordTable(recordType);
  const conditions: SQL[] = [
    eq(recordVersions.accountId, accountId),
    eq(recordVersions.recordType, recordType),
  ];
  if (page.since) conditions.push(gte(recordVersions.changedAt, page.since));
  if (!can(actor.role, 'deleted.read')) {
    const deleted = ctx.db
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.accountId, accountId), isNotNull(table.deletedAt)));
    conditions.push(not(inArray(recordVersions.recordId, deleted)));
  }
  const where = and(...conditions);
  const [total] = await ctx.db.select({ n: count() }).from(recordVersions).where(where);
  const rows =
    page.limit === 0
      ? []
      : await ctx.db
          .select()
          .from(recordVersions)
          .where(where)
          .orderBy(desc(recordVersions.changedAt), desc(recordVersions.version), recordVersions.recordId)
          .limit(page.limit)
          .offset(page.offset);
  const items = rows.map((r) => ({
    recordId: r.recordId,
    version: r.version,
    operation: r.operation,
    changedAt: r.changedAt.toISOString(),
    data: r.data as Record<string, unknown>,
  }));
  return { total: total?.n ?? 0, items };
}
