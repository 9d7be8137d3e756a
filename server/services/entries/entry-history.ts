import { notFound } from '../../errors.ts';
import { requireAccount, requireHistoryVisible } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import { historyVersion, listVersions } from '../versions.ts';
import { findEntry } from './find.ts';

export async function entryHistory(ctx: Ctx, actor: Actor, id: string) {
  const accountId = requireAccount(actor, 'patients.history');
  requireHistoryVisible(actor, await findEntry(ctx.db, accountId, id), 'entry');
  return { items: await listVersions(ctx.db, 'entry', id) };
}

export async function entryVersion(ctx: Ctx, actor: Actor, id: string, version: number) {
  const accountId = requireAccount(actor, 'patients.history');
  requireHistoryVisible(actor, await findEntry(ctx.db, accountId, id), 'entry');
  const v = await historyVersion(ctx.db, 'entry', id, version);
  if (!v) throw notFound('version');
  return v;
}
