import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { settingsPatch } from '../../../shared/schemas/admin.ts';
import { settings } from '../../db/schema.ts';
import type { CleanupCounts } from '../../db/schema-ops.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireCapability } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { pickSettings, presentSettings, readSettings, type Settings } from '../settings.ts';
import { preparePolicyChange } from './change-policy.ts';
import { prepareRetentionChange } from './change-retention.ts';
import { runRemoval } from './run-cleanup.ts';

/**
 * Changes the preferences. Retention applies retroactively (PRODUCT.md §6): a confirmed cut removes
 * at once every deleted record and log event whose new expiry has passed, and a raise extends only
 * what has not expired (what had is removed in the same change). The removal after the transaction
 * is recorded as a cleanup run: a record that fails is reported in the answer and in the cleanup
 * status, and the next cleanup finishes it. Without a store (a tool that has none) the daily cleanup
 * removes the files instead. A switch to Permanent while deleted records are recoverable needs a
 * confirmation and can purge them (change-policy.ts); that removal is a run too.
 */
export async function updateSettings(
  ctx: Ctx,
  actor: Actor,
  patch: z.infer<typeof settingsPatch>,
  storage?: BlobStore,
) {
  requireCapability(actor, 'settings.change');
  const { result, before, prepared, policy } = await ctx.db.transaction(async (tx) => {
    // Lock the row so two administrators cannot interleave a retention change.
    await tx.execute(sql`select 1 from settings where id = 1 for update`);
    const before = await readSettings(tx);
    const { confirmReduction, confirmPolicyChange, purgeExisting, ...changes } = patch;
    const next: Settings = { ...before, ...changes };
    const policy = await preparePolicyChange(tx, ctx.clock.now(), before.retentionMonths, {
      before: before.deletionPolicy,
      after: next.deletionPolicy,
      confirmed: confirmPolicyChange === true,
      purge: purgeExisting === true,
    });
    const prepared = await prepareRetentionChange(tx, ctx.clock.now(), {
      before: before.retentionMonths,
      after: next.retentionMonths,
      confirmed: confirmReduction === true,
    });
    await tx
      .update(settings)
      .set({ ...next, updatedAt: ctx.clock.now() })
      .where(eq(settings.id, 1));
    const changed = Object.fromEntries(
      Object.entries(changes).filter(([k, v]) => before[k as keyof Settings] !== v),
    );
    if (Object.keys(changed).length > 0) {
      await recordAudit(tx, ctx, actor, {
        action: 'settings.change',
        details: {
          before: pickSettings(before, Object.keys(changed)),
          after: changed,
          ...(prepared.finalized.users + prepared.finalized.logs > 0
            ? { finalized: prepared.finalized }
            : {}),
          ...(purgeExisting ? { purgeExisting: true } : {}),
        },
      });
    }
    return { result: presentSettings(next), before, prepared, policy };
  });
  if (policy.purgeDue || policy.purgedUsers > 0) {
    if (!storage) return result;
    const run = await runRemoval(ctx, storage, actor, {
      trigger: 'policy',
      stages: ['records'],
      already: { users: policy.purgedUsers },
    });
    return { ...result, runId: run.runId, removed: run.removed, failures: run.failures };
  }
  if (!prepared.removalDue && prepared.finalized.users + prepared.finalized.logs === 0) return result;
  if (!storage) return result;
  const reason = result.retentionMonths < before.retentionMonths ? 'retention_shortened' : 'retention_raised';
  const run = await runRemoval(ctx, storage, actor, {
    trigger: 'retention',
    stages: ['logs', 'records', 'users'],
    already: prepared.finalized,
    audit: (removed, failures, runId) =>
      anyRemoved(removed) || failures.length > 0
        ? {
            action: 'records.remove_expired',
            accountId: null,
            targetType: 'cleanup',
            targetId: runId,
            details: { reason, retentionMonths: result.retentionMonths, removed, failures: failures.length },
          }
        : null,
  });
  return { ...result, runId: run.runId, removed: run.removed, failures: run.failures };
}

const anyRemoved = (c: CleanupCounts) => Object.values(c).some((n) => n > 0);
