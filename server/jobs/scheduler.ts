import { hostname } from 'node:os';
import { Cron } from 'croner';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/client.ts';
import { maintainEmbedded } from '../db/maintenance.ts';
import { CLEANUP_SCHEDULE, turnWindowMs } from '../domain/cleanup-schedule.ts';
import { recordAuditAlone } from '../services/audit.ts';
import type { BackupKey } from '../services/backups/backup-crypto.ts';
import { createBackup } from '../services/backups/create-backup.ts';
import { listStoredBackups } from '../services/backups/list-backups.ts';
import { pruneBackups } from '../services/backups/prune-backups.ts';
import { type Ctx, systemActor } from '../services/context.ts';
import { checkEvidence } from '../services/evidence/check-evidence.ts';
import type { Evidence } from '../services/evidence/evidence.ts';
import { writeCheckpoint } from '../services/evidence/write-checkpoint.ts';
import { scheduledRunSince } from '../services/lifecycle/cleanup-status.ts';
import { runCleanup } from '../services/lifecycle/run-cleanup.ts';
import type { BlobStore } from '../storage/blob-store.ts';

// Held for the whole scheduled run, so that of several instances on one PostgreSQL server only one
// cleans at a time (the others skip that day's turn; the work is the same for all of them).
export const CLEANUP_LOCK = 7_411_003;
export const BACKUP_LOCK = 7_411_005;

export interface CleanupJobDeps {
  database: Database;
  /** The injected clock decides what counts as expired; the schedule itself follows real time. */
  clock: Clock;
  storage: BlobStore;
  log?: (message: string) => void;
  /** Cron pattern; the daily default unless the operator set VELLUM_CLEANUP_SCHEDULE. */
  schedule?: string;
  /** When given, the cleanup checks the audit evidence and records the result, and checkpoints are written. */
  evidence?: Evidence;
  /** What the daily backup encrypts to (VELLUM_BACKUP_PASSPHRASE or _RECIPIENT). */
  backupKey?: BackupKey;
}

/**
 * One scheduled turn of the cleanup. On PostgreSQL only the instance that takes the advisory lock
 * runs it, and an instance whose timer fires after another already ran this turn skips it.
 */
export async function runScheduledCleanup(deps: CleanupJobDeps): Promise<'ran' | 'skipped'> {
  const ctx = { db: deps.database.db, clock: deps.clock };
  const instance = `${hostname()}:${process.pid}`;
  return underLock(deps, CLEANUP_LOCK, 'Cleanup', async () => {
    const now = ctx.clock.now();
    const since = new Date(now.getTime() - turnWindowMs(now, deps.schedule ?? CLEANUP_SCHEDULE));
    if (await scheduledRunSince(ctx, since)) {
      deps.log?.('Cleanup skipped: this turn already ran on another instance.');
      return 'skipped';
    }
    const result = await runCleanup(ctx, deps.storage, systemActor(), { trigger: 'scheduled', instance });
    deps.log?.(
      `Cleanup ${result.runId}: removed ${JSON.stringify(result.removed)}, ${result.failures.length} failures.`,
    );
    if (deps.evidence) await checkAndRecordEvidence(ctx, deps.evidence, deps.log);
    await maintainEmbedded(deps.database, 'vacuum');
    return 'ran';
  });
}

/**
 * One scheduled backup into the blob store, then only the newest `keep` are kept. Like the cleanup,
 * one instance at a time; an instance that comes late to the same turn finds a fresh backup and skips.
 */
export async function runScheduledBackup(deps: CleanupJobDeps, keep: number): Promise<'ran' | 'skipped'> {
  const ctx = { db: deps.database.db, clock: deps.clock };
  const evidence = deps.evidence;
  if (!evidence) throw new Error('The daily backup needs the deployment keys (openEvidence).');
  return underLock(deps, BACKUP_LOCK, 'Backup', async () => {
    const recent = (await listStoredBackups(deps.storage)).find(
      (b) => b.status === 'complete' && Date.parse(b.createdAt) > ctx.clock.now().getTime() - FRESH_MS,
    );
    if (recent) {
      deps.log?.(`Backup skipped: ${recent.id} was taken less than an hour ago.`);
      return 'skipped';
    }
    const { job, done } = await createBackup(ctx, deps.database, deps.storage, systemActor(), {
      trigger: 'scheduled',
      evidence,
      key: deps.backupKey,
    });
    const result = await done;
    if (!result.ok) {
      deps.log?.(`Backup ${job.id} failed: ${result.error?.message}`);
      return 'ran';
    }
    const removed = await pruneBackups(deps.storage, systemActor(), keep);
    deps.log?.(`Backup ${job.id} written; ${removed.length} older backups removed (keeping ${keep}).`);
    return 'ran';
  });
}
const FRESH_MS = 60 * 60_000;

/**
 * The daily check of the audit trail against its key and checkpoints; its result is itself an
 * event (`audit.verified`), followed by a fresh checkpoint.
 */
export async function checkAndRecordEvidence(ctx: Ctx, evidence: Evidence, log?: (message: string) => void) {
  const report = await checkEvidence(ctx, evidence);
  await recordAuditAlone(ctx, systemActor(), {
    action: 'audit.verified',
    accountId: null,
    details: {
      intact: report.intact,
      events: report.events,
      firstProblem: report.firstProblem,
      lastGoodCheckpoint: report.lastGoodCheckpoint?.seq ?? null,
    },
  });
  await writeCheckpoint(ctx, evidence);
  if (!report.intact)
    log?.(
      `Audit trail check: ${report.firstProblem?.kind} at ${report.firstProblem?.seq}: ${report.firstProblem?.message}`,
    );
  return report;
}

/** Signs the chain's head at least hourly (and at start), into the checkpoint log. */
export function startCheckpointSchedule(deps: CleanupJobDeps & { evidence: Evidence }): CleanupSchedule {
  const ctx = { db: deps.database.db, clock: deps.clock };
  const job = new Cron(
    '0 0 * * * *',
    { protect: true, catch: (err) => deps.log?.(`Checkpoint failed: ${(err as Error).message}`) },
    async () => {
      await writeCheckpoint(ctx, deps.evidence);
    },
  );
  return { stop: () => job.stop(), nextRun: () => job.nextRun() };
}

/** Runs `run` on the embedded database, or on PostgreSQL only if this instance takes the lock. */
async function underLock(
  deps: CleanupJobDeps,
  lock: number,
  name: string,
  run: () => Promise<'ran' | 'skipped'>,
): Promise<'ran' | 'skipped'> {
  const pool = deps.database.kind === 'postgres' ? deps.database.pool : undefined;
  if (!pool) return run();
  // A session-level lock needs one dedicated connection for the whole run.
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ got: boolean }>('select pg_try_advisory_lock($1) as got', [lock]);
    if (!rows[0]?.got) {
      deps.log?.(`${name} skipped: another instance is running it.`);
      return 'skipped';
    }
    try {
      return await run();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [lock]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

export interface CleanupSchedule {
  stop(): void;
  nextRun(): Date | null;
}

/** Runs the cleanup once a day inside `vellum serve`; a run still going when the next is due is not doubled. */
export function startCleanupSchedule(deps: CleanupJobDeps): CleanupSchedule {
  const pattern = deps.schedule ?? CLEANUP_SCHEDULE;
  const job = new Cron(
    pattern,
    {
      protect: true,
      catch: (err) => deps.log?.(`Cleanup failed: ${(err as Error).message}`),
    },
    async () => {
      await runScheduledCleanup(deps);
    },
  );
  return { stop: () => job.stop(), nextRun: () => job.nextRun() };
}

/** The daily backup at `time` ("HH:MM[:SS]", server local time), when VELLUM_BACKUP_TIME sets one. */
export function startBackupSchedule(deps: CleanupJobDeps, time: string, keep: number): CleanupSchedule {
  const [hours, minutes, seconds = 0] = time.split(':').map(Number);
  const job = new Cron(
    `${seconds} ${minutes} ${hours} * * *`,
    { protect: true, catch: (err) => deps.log?.(`Backup failed: ${(err as Error).message}`) },
    async () => {
      await runScheduledBackup(deps, keep);
    },
  );
  return { stop: () => job.stop(), nextRun: () => job.nextRun() };
}
