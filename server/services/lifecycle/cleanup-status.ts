import { and, desc, eq, gte } from 'drizzle-orm';
import { cleanupRuns } from '../../db/schema-ops.ts';
import { CLEANUP_SCHEDULE, nextCleanupAt } from '../../domain/cleanup-schedule.ts';
import { requireCapability } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';

const RUNS_SHOWN = 30;

/**
 * The cleanup's last runs (finished or stopped halfway; a retention change's removal included),
 * newest first, with their counts and failures, and the next run: an earlier failure stays visible.
 */
export async function getCleanupStatus(ctx: Ctx, actor: Actor, schedule = CLEANUP_SCHEDULE) {
  requireCapability(actor, 'cleanup.run');
  const rows = await ctx.db
    .select()
    .from(cleanupRuns)
    .orderBy(desc(cleanupRuns.startedAt), desc(cleanupRuns.id))
    .limit(RUNS_SHOWN);
  const runs = rows.map((run) => ({
    id: run.id,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    trigger: run.trigger as 'manual' | 'scheduled' | 'cli' | 'retention',
    instance: run.instance,
    removed: run.counts ? { ...run.counts, lesions: run.counts.lesions ?? 0 } : null,
    failures: run.failures ?? [],
  }));
  return {
    lastRun: runs[0] ?? null,
    runs,
    nextRunAt: nextCleanupAt(ctx.clock.now(), schedule).toISOString(),
    schedule,
  };
}

/** Whether a scheduled run started at or after `since`: that turn is already taken. */
export async function scheduledRunSince(ctx: Ctx, since: Date): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: cleanupRuns.id })
    .from(cleanupRuns)
    .where(and(eq(cleanupRuns.trigger, 'scheduled'), gte(cleanupRuns.startedAt, since)))
    .limit(1);
  return Boolean(row);
}
