import { count } from 'drizzle-orm';
import { type Db, together } from '../db/client.ts';
import { patients } from '../db/schema.ts';
import { entries, images } from '../db/schema-clinical.ts';
import { expiredSql } from './lifecycle/expiry.ts';

/**
 * How many deleted records (patients, entries and images, every soft-deleted row) would be past
 * their expiry at `now` if retention were `months`. Expiry is derived (deleted_at + retention), so
 * a retention change is one statement per table, not a loop.
 */
export async function countExpiringUnderRetention(db: Db, now: Date, months: number): Promise<number> {
  const count1 = (table: typeof patients | typeof entries | typeof images) => async () => {
    const t = table as typeof entries;
    const [row] = await db
      .select({ n: count() })
      .from(t)
      .where(expiredSql(t.deletedAt, months, now));
    return row?.n ?? 0;
  };
  const counts = await together(db, [count1(patients), count1(entries), count1(images)]);
  return counts.reduce((a, b) => a + b, 0);
}
