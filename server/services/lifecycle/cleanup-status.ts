import { desc } from 'drizzle-orm';
import { cleanupRuns } from '../../db/schema-ops.ts';
import { CLEANUP_SCHEDULE, nextCleanupAt } from '../../domain/cleanup-schedule.ts';
import { requireCapability } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';

/** The cleanup's last run (finished or stopped halfway), its counts and failures, and the next run. */
export async function getCleanupStatus(ctx: Ctx, actor: Actor) {
  requireCapability(actor, 'cleanup.run');
  const [last] = await ctx.db.select().from(cleanupRuns).orderBy(desc(cleanupRuns.startedAt)).limit(1);
  return {
    lastRun: last
      ? {
          id: last.id,
          startedAt: last.startedAt.toISOString(),
          finishedAt: last.finishedAt?.toISOString() ?? null,
          trigger: last.trigger as 'manual' | 'scheduled' | 'cli',
          instance: last.instance,
          removed: last.counts ?? null,
          failures: last.failures ?? [],
        }
      : null,
    nextRunAt: nextCleanupAt(ctx.clock.now()).toISOString(),
    schedule: CLEANUP_SCHEDULE,
  };
}
