import { Cron } from 'croner';
import type { Config } from '../../config.ts';
import { requireCapability } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';

/**
 * `GET /api/admin/backups/schedule`: the daily backup as the operator configured it
 * (VELLUM_BACKUP_TIME, VELLUM_BACKUP_KEEP; environment variables, see docs/OPERATIONS.md).
 */
export function getBackupSchedule(
  ctx: Ctx,
  actor: Actor,
  backup: Config['backup'],
  key: Config['backupKey'],
) {
  requireCapability(actor, 'backups.manage');
  const encryption = key.recipient ? ('recipient' as const) : key.passphrase ? ('passphrase' as const) : null;
  if (!backup.time) return { enabled: false, time: null, keep: backup.keep, nextRunAt: null, encryption };
  const [hours, minutes] = backup.time.split(':').map(Number);
  // The same pattern as the scheduler's (server/jobs/scheduler.ts), read from the same clock.
  const next = new Cron(`${minutes} ${hours} * * *`, { paused: true }).nextRun(ctx.clock.now());
  return {
    enabled: true,
    time: backup.time,
    keep: backup.keep,
    nextRunAt: next?.toISOString() ?? null,
    encryption,
  };
}
