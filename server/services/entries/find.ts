import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { entries } from '../../db/schema-clinical.ts';
import { notFound } from '../../errors.ts';
import { isUuid } from '../access.ts';
import { deletedAnswer } from '../lifecycle/deleted-answer.ts';
import type { EntryRow } from './present.ts';

export async function findEntry(
  db: Db,
  accountId: string,
  id: string,
  lock = false,
): Promise<EntryRow | undefined> {
  if (!isUuid(id)) return undefined;
  const q = db
    .select()
    .from(entries)
    .where(and(eq(entries.id, id), eq(entries.accountId, accountId)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** The active entry; 404 when unknown or another account's, 410 with its expiry when deleted. */
export async function requireActiveEntry(
  db: Db,
  accountId: string,
  id: string,
  lock = false,
): Promise<EntryRow> {
  return assertActiveEntry(db, await findEntry(db, accountId, id, lock));
}

/** The contract's answer for an entry found (or not): 404 unknown, 410 deleted (with its expiry). */
export async function assertActiveEntry(db: Db, row: EntryRow | undefined): Promise<EntryRow> {
  if (!row) throw notFound('entry');
  if (row.deletedAt) throw await deletedAnswer(db, 'entry', { ...row, deletedAt: row.deletedAt });
  return row;
}
