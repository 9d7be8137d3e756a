import { and, count, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { patients, users } from '../../db/schema.ts';
import { auditEvents } from '../../db/schema-audit.ts';
import { consents, entries, images, lesions } from '../../db/schema-clinical.ts';
import type { CleanupCounts } from '../../db/schema-ops.ts';
import { requireCapability } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import { currentSettings } from '../settings.ts';
import { expiredActivitySql } from './activity-expiry.ts';
import { expiredSql, recordExpiredSql } from './expiry.ts';

const DAY_MS = 24 * 3600_000;

/**
 * What the cleanup would remove if it ran `withinDays` days from now (0: now, a dry run): the
 * deleted records, deleted users and activity-log events whose expiry is reached by then, and the
 * stored files that would go with them. Counts only; nothing changes.
 */
export async function countExpiring(ctx: Ctx, actor: Actor, withinDays = 0): Promise<CleanupCounts> {
  requireCapability(actor, 'cleanup.run');
  const { retentionMonths: months } = await currentSettings(ctx);
  const until = new Date(ctx.clock.now().getTime() + withinDays * DAY_MS);
  const expiredPatients = ctx.db
    .select({ id: patients.id })
    .from(patients)
    .where(recordExpiredSql('patient', months, until));
  const n = async (q: Promise<{ n: number }[]>) => (await q)[0]?.n ?? 0;
  const [p, e, i, l, u, logs, imageFiles, signatures] = await Promise.all([
    n(
      ctx.db
        .select({ n: count() })
        .from(patients)
        .where(recordExpiredSql('patient', months, until)),
    ),
    n(
      ctx.db
        .select({ n: count() })
        .from(entries)
        .where(or(recordExpiredSql('entry', months, until), inArray(entries.patientId, expiredPatients))),
    ),
    n(
      ctx.db
        .select({ n: count() })
        .from(images)
        .where(or(recordExpiredSql('image', months, until), inArray(images.patientId, expiredPatients))),
    ),
    n(
      ctx.db
        .select({ n: count() })
        .from(lesions)
        .where(or(recordExpiredSql('lesion', months, until), inArray(lesions.patientId, expiredPatients))),
    ),
    n(
      ctx.db
        .select({ n: count() })
        .from(users)
        .where(and(expiredSql(users.deletedAt, months, until), isNull(users.removedAt))),
    ),
    n(ctx.db.select({ n: count() }).from(auditEvents).where(expiredActivitySql(months, until))),
    // Original, preview and thumbnail of each image.
    n(
      ctx.db
        .select({ n: sql<number>`(count(*) * 3)::int` })
        .from(images)
        .where(or(recordExpiredSql('image', months, until), inArray(images.patientId, expiredPatients))),
    ),
    n(
      ctx.db
        .select({ n: count() })
        .from(consents)
        .where(and(isNotNull(consents.signatureKey), inArray(consents.patientId, expiredPatients))),
    ),
  ]);
  return { patients: p, entries: e, images: i, lesions: l, users: u, logs, files: imageFiles + signatures };
}
