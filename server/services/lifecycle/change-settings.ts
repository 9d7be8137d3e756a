import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { settingsPatch } from '../../../shared/schemas/admin.ts';
import { settings } from '../../db/schema.ts';
import type { CleanupCounts } from '../../db/schema-ops.ts';
import { retentionText } from '../../domain/retention.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireCapability } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { pickSettings, presentSettings, readSettings, type Settings } from '../settings.ts';
import { announceSettingsChanged } from '../settings-cache.ts';
import { preparePolicyChange } from './change-policy.ts';
import { prepareRetentionChange } from './change-retention.ts';
import { openDestruction } from './destruction-record.ts';
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
  const { result, before, prepared, policy, destruction } = await ctx.db.transaction(async (tx) => {
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
      destruction: purgeDestruction(ctx.clock.now(), actor),
    });
    const destruction = retentionDestruction(
      ctx.clock.now(),
      actor,
      before.retentionMonths,
      next.retentionMonths,
    );
    const prepared = await prepareRetentionChange(
      tx,
      ctx.clock.now(),
      { before: before.retentionMonths, after: next.retentionMonths, confirmed: confirmReduction === true },
      destruction,
    );
    await tx
      .update(settings)
      .set({ ...next, updatedAt: ctx.clock.now() })
      .where(eq(settings.id, 1));
    await announceSettingsChanged(tx);
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
    return { result: presentSettings(next), before, prepared, policy, destruction };
  });
  if (policy.purgeDue || policy.purgedUsers > 0) {
    if (!storage) return result;
    const run = await runRemoval(ctx, storage, actor, {
      trigger: 'policy',
      stages: ['records'],
      destruction: policy.destruction,
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
    destruction,
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

/** The destruction record of a switch to Permanent that purges what was recoverable. */
function purgeDestruction(now: Date, actor: Actor) {
  return openDestruction(
    now,
    'purge',
    actor,
    'deletion policy switched to Permanent; the records still recoverable were purged',
    { cleanupRunId: randomUUID() },
  );
}

/** The destruction record of a retention change's removal; the run that carries it out takes its id. */
function retentionDestruction(now: Date, actor: Actor, before: number, after: number) {
  const cut = after < before;
  return openDestruction(
    now,
    cut ? 'retention_cut' : 'retention_raise',
    actor,
    cut
      ? `retention period shortened to ${retentionText(after)}`
      : `expired under the retention period ${retentionText(before)}, before it was raised to ${retentionText(after)}`,
    { cleanupRunId: randomUUID() },
  );
}

const anyRemoved = (c: CleanupCounts) => Object.values(c).some((n) => n > 0);
