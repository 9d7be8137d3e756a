import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { accounts, users } from '../db/schema.ts';
import { conflict, notFound } from '../errors.ts';
import { isUuid, requireCapability } from './access.ts';
import { recordAudit } from './audit.ts';
import type { Actor, Ctx } from './context.ts';
import { isUniqueViolation } from './db-errors.ts';

export async function listAccounts(ctx: Ctx, actor: Actor) {
  requireCapability(actor, 'accounts.manage');
  const rows = await ctx.db
    .select({
      id: accounts.id,
      name: accounts.name,
      createdAt: accounts.createdAt,
      userCount: count(users.id),
      deleting: sql<boolean>`${accounts.deletionStartedAt} is not null`,
    })
    .from(accounts)
    .leftJoin(users, sql`${users.accountId} = ${accounts.id} and ${isNull(users.deletedAt)}`)
    .groupBy(accounts.id)
    // Alphabetical as people read it, whatever the database collation.
    .orderBy(sql`lower(${accounts.name})`, asc(accounts.name));
  const items = rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  return { items, total: items.length, page: 1, pageSize: items.length };
}

/** One account, as listed; 404 once it is deleted (or for an id that never was one). */
export async function getAccount(ctx: Ctx, actor: Actor, id: string) {
  requireCapability(actor, 'accounts.manage');
  if (!isUuid(id)) throw notFound('account');
  const [row] = await ctx.db
    .select({
      id: accounts.id,
      name: accounts.name,
      createdAt: accounts.createdAt,
      deleting: sql<boolean>`${accounts.deletionStartedAt} is not null`,
    })
    .from(accounts)
    .where(eq(accounts.id, id));
  if (!row) throw notFound('account');
  const [held] = await ctx.db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.accountId, id), isNull(users.deletedAt)));
  return { ...row, createdAt: row.createdAt.toISOString(), userCount: held?.n ?? 0 };
}

export async function createAccount(ctx: Ctx, actor: Actor, name: string) {
  requireCapability(actor, 'accounts.manage');
  return ctx.db.transaction(async (tx) => {
    const account = await insertAccount(tx, ctx, name);
    await recordAudit(tx, ctx, actor, {
      action: 'account.create',
      accountId: account.id,
      targetType: 'account',
      targetId: account.id,
      details: { name },
    });
    return { ...account, userCount: 0, deleting: false };
  });
}

const nameTaken = () => conflict('account_name_taken', 'An account with this name already exists.');

export async function insertAccount(tx: Db, ctx: Pick<Ctx, 'clock'>, name: string) {
  const trimmed = name.trim();
  const [taken] = await tx.select().from(accounts).where(eq(accounts.name, trimmed));
  if (taken) throw nameTaken();
  const row = { id: randomUUID(), name: trimmed, createdAt: ctx.clock.now() };
  try {
    await tx.insert(accounts).values(row);
  } catch (err) {
    // Two requests with one name at once both pass the check above: the unique constraint decides.
    if (isUniqueViolation(err, 'accounts_name_unique')) throw nameTaken();
    throw err;
  }
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export async function findAccountByName(db: Db, name: string) {
  const [row] = await db.select().from(accounts).where(eq(accounts.name, name.trim()));
  return row;
}
