import { and, desc, eq, gte } from 'drizzle-orm';
import { cleanupRuns } from '../../db/schema-ops.ts';
import { CLEANUP_SCHEDULE, nextCleanupAt } from '../../domain/cleanup-schedule.ts';
import { requireCapability } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';

/** The cleanup's last run (finished or stopped halfway), its counts and failures, and the next run. */
export async function getCleanupStatus(ctx: Ctx, actor: Actor, schedule = CLEANUP_SCHEDULE) {
  requireCapability(actor, 'cleanup.run');
  const [last] = await ctx.db.select().from(cleanupRuns).orderBy(desc(cleanupRuns.startedAt)).limit(1);
  return {
    lastRun: last
      ? {
          id: last.id,
          startedAt: last.startedAt.toISOString(),
          finishedAt: last.finishedAt?.toISOString() ?? null,
          trigger: last.trigger as 'manual' | 'scheduled' | 'cli' | 'retention',
          instance: last.instance,
          removed: last.counts ?? null,
          failures: last.failures ?? [],
        }
      : null,
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
