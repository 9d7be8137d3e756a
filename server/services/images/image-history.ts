import { notFound } from '../../errors.ts';
import { requireAccount, requireHistoryVisible } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import { historyVersion, listVersions } from '../versions.ts';
import { findImage } from './image-use-cases.ts';

export async function imageHistory(ctx: Ctx, actor: Actor, id: string) {
  const accountId = requireAccount(actor, 'patients.history');
  requireHistoryVisible(actor, await findImage(ctx.db, accountId, id), 'image');
  return { items: await listVersions(ctx.db, 'image', id) };
}

export async function imageVersion(ctx: Ctx, actor: Actor, id: string, version: number) {
  const accountId = requireAccount(actor, 'patients.history');
  requireHistoryVisible(actor, await findImage(ctx.db, accountId, id), 'image');
  const v = await historyVersion(ctx.db, 'image', id, version);
  if (!v) throw notFound('version');
  return v;
}
