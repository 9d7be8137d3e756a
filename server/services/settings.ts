import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { settingsPatch } from '../../shared/schemas/admin.ts';
import type { Db } from '../db/client.ts';
import { settings } from '../db/schema.ts';
import type { DeletionPolicy } from '../domain/lifecycle.ts';
import { retentionText } from '../domain/retention.ts';
import { conflict } from '../errors.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { requireCapability } from './access.ts';
import { recordAudit, recordAuditAlone } from './audit.ts';
import type { Actor, Ctx } from './context.ts';
import { removeExpiredRecords } from './lifecycle/remove-expired.ts';
import { countExpiringUnderRetention } from './retention-impact.ts';

export type { DeletionPolicy };
export type ConsentLevel = 'disabled' | 'advisory' | 'required';
export type AuditLevel = 'essential' | 'comprehensive';

export interface Settings {
  deletionPolicy: DeletionPolicy;
  retentionMonths: number;
  consentLevel: ConsentLevel;
  auditLevel: AuditLevel;
}

export async function readSettings(db: Db): Promise<Settings> {
  const [row] = await db.select().from(settings).where(eq(settings.id, 1));
  if (!row) {
    await db.insert(settings).values({ id: 1 }).onConflictDoNothing();
    return readSettings(db);
  }
  return {
    deletionPolicy: row.deletionPolicy as DeletionPolicy,
    retentionMonths: row.retentionMonths,
    consentLevel: row.consentLevel as ConsentLevel,
    auditLevel: row.auditLevel as AuditLevel,
  };
}

export const presentSettings = (s: Settings) => ({ ...s, retentionText: retentionText(s.retentionMonths) });

/** Any signed-in user reads the preferences (the web app needs the consent level). */
export async function getSettings(ctx: Ctx, _actor: Actor) {
  return presentSettings(await readSettings(ctx.db));
}

/**
 * Changes the preferences. Retention applies retroactively: after a (confirmed) reduction every
 * deleted record whose new expiry has passed is removed at once, files first, through `storage`
 * (without a store, e.g. from a tool that has none, the daily cleanup removes them instead).
 */
export async function updateSettings(
  ctx: Ctx,
  actor: Actor,
  patch: z.infer<typeof settingsPatch>,
  storage?: BlobStore,
) {
  requireCapability(actor, 'settings.change');
  const { result, shortened } = await ctx.db.transaction(async (tx) => {
    // Lock the row so two administrators cannot interleave a retention change.
    await tx.execute(sql`select 1 from settings where id = 1 for update`);
    const before = await readSettings(tx);
    const { confirmReduction, ...changes } = patch;
    const next: Settings = { ...before, ...changes };
    if (next.retentionMonths < before.retentionMonths && !confirmReduction) {
      const wouldExpire = await countExpiringUnderRetention(tx, ctx.clock.now(), next.retentionMonths);
      throw conflict(
        'confirmation_required',
        `Shortening retention to ${retentionText(next.retentionMonths)} removes ${wouldExpire} deleted records at once. Send confirmReduction: true to go ahead.`,
        {
          wouldExpire,
          retentionMonths: next.retentionMonths,
          retentionText: retentionText(next.retentionMonths),
        },
      );
    }
    await tx
      .update(settings)
      .set({ ...next, updatedAt: ctx.clock.now() })
      .where(eq(settings.id, 1));
    // Nothing else is written: every expiry (records and their activity) is derived from a deletion
    // time and this period wherever it is read.
    const changed = Object.fromEntries(
      Object.entries(changes).filter(([k, v]) => before[k as keyof Settings] !== v),
    );
    if (Object.keys(changed).length > 0) {
      await recordAudit(tx, ctx, actor, {
        action: 'settings.change',
        details: { before: pick(before, Object.keys(changed)), after: changed },
      });
    }
    return {
      result: presentSettings(next),
      shortened: next.retentionMonths < before.retentionMonths,
    };
  });
  if (shortened && storage) {
    const removed = await removeExpiredRecords(ctx, storage, { retentionMonths: result.retentionMonths });
    if (removed.patients + removed.entries + removed.images > 0) {
      await recordAuditAlone(ctx, actor, {
        action: 'records.remove_expired',
        details: { reason: 'retention_shortened', retentionMonths: result.retentionMonths, removed },
      });
    }
  }
  return result;
}

const pick = (o: Settings, keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, o[k as keyof Settings]]));
