import { and, count, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { patients } from '../db/schema.ts';

/**
 * How many deleted records would be past their expiry at `now` if retention were `months`.
 * Expiry is derived (deleted_at + retention), so a retention change is one statement, not a loop.
 */
export async function countExpiringUnderRetention(db: Db, now: Date, months: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(patients)
    .where(
      and(
        isNotNull(patients.deletedAt),
        lt(patients.deletedAt, sql`${now.toISOString()}::timestamptz - make_interval(months => ${months})`),
      ),
    );
  return row?.n ?? 0;
}
