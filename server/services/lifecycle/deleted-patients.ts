import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { deletedPatientsQuery } from '../../../shared/schemas/lifecycle.ts';
import { patients, users } from '../../db/schema.ts';
import { expiryOf } from '../../domain/lifecycle.ts';
import { requireAccount } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import { currentSettings } from '../settings.ts';
import { recordRecoverableSql } from './expiry.ts';
import { presentWhy } from './markers.ts';

/**
 * The Deleted Records page: the account's deleted patients that can still be recovered, with their
 * deletion time, who deleted them and their expiry; optionally only one physician's (the user who
 * created the patient). Expiry is deletion time + one retention for all, so both sorts are by
 * deletion time, the expiry sort soonest first by default; held patients have no expiry and come
 * last by expiry.
 */
export async function listDeletedPatients(
  ctx: Ctx,
  actor: Actor,
  query: z.infer<typeof deletedPatientsQuery>,
) {
  const accountId = requireAccount(actor, 'deleted.read');
  const { retentionMonths } = await currentSettings(ctx);
  const now = ctx.clock.now();
  const where = and(
    eq(patients.accountId, accountId),
    recordRecoverableSql('patient', retentionMonths, now),
    query.physicianId ? eq(patients.createdBy, query.physicianId) : undefined,
  );
  const order = query.order ?? (query.sort === 'expiresAt' ? 'asc' : 'desc');
  const dir = order === 'asc' ? asc : desc;
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ p: patients, deletedByEmail: users.email })
      .from(patients)
      .leftJoin(users, eq(users.id, patients.deletedBy))
      .where(where)
      .orderBy(
        ...(query.sort === 'expiresAt' ? [sql`(${patients.holdPlacedAt} is not null)`] : []),
        dir(patients.deletedAt),
        dir(patients.id),
      )
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db.select({ n: count() }).from(patients).where(where),
  ]);
  return {
    items: rows.map(({ p, deletedByEmail }) => {
      const deletedAt = p.deletedAt ?? now;
      return {
        id: p.id,
        uniqueId: p.uniqueId,
        firstName: p.firstName,
        lastName: p.lastName,
        physicianId: p.createdBy,
        deletedAt: deletedAt.toISOString(),
        deletedBy: p.deletedBy,
        deletedByEmail,
        expiresAt: expiryOf(deletedAt, retentionMonths, p.holdPlacedAt !== null)?.toISOString() ?? null,
        held: p.holdPlacedAt !== null,
        holdReason: p.holdReason,
        ...presentWhy(p),
      };
    }),
    total: total?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}
