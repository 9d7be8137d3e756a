import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { and, asc, eq, isNull, notInArray } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { type CleanupCounts, type CleanupFailure, cleanupRuns } from '../../db/schema-ops.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireCapability } from '../access.ts';
import { accountDestruction, finishAccountDeletion } from '../account-deletion/finish-account-deletion.ts';
import { accountsBeingDeleted } from '../account-deletion/marker.ts';
import { type AuditInput, recordAuditAlone } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { readSettings } from '../settings.ts';
import { removeUserForGood } from '../user-lifecycle/managed-user.ts';
import { redactExpiredActivity } from './activity-expiry.ts';
import { type Destruction, openDestruction, retentionRule } from './destruction-record.ts';
import { expiredSql } from './expiry.ts';
import { removeExpiredRecords } from './remove-expired.ts';
import type { RemovedCounts } from './remove-records.ts';
import { sweepOrphanFiles } from './sweep-orphan-files.ts';

export type CleanupTrigger = 'manual' | 'scheduled' | 'cli' | 'retention' | 'hold_release' | 'policy';

export interface CleanupOptions {
  trigger: CleanupTrigger;
  /** Which server instance (or command) ran it; the host and process id by default. */
  instance?: string;
  onProgress?: (stage: string, removed: CleanupCounts) => void;
}

type Stage = 'logs' | 'accounts' | 'records' | 'users' | 'files';
const ALL_STAGES: Stage[] = ['logs', 'accounts', 'records', 'users', 'files'];

interface RemovalOptions extends CleanupOptions {
  stages: Stage[];
  /** Counted into the run: what the caller already removed (a retention raise finalizes users and logs). */
  already?: Partial<CleanupCounts>;
  /** The audit event the run writes, when not `cleanup.run`. */
  audit?: (removed: CleanupCounts, failures: CleanupFailure[], runId: string) => AuditInput | null;
  /** The destruction record of what the run removes (its cleanupRunId is the run's id); the cleanup's by default. */
  destruction?: Destruction;
}

// Expired events redacted per statement (an index range on audit_expiry_base).
const LOG_BATCH = 5000;
const USER_BATCH = 50;
export const noCleanupCounts = (): CleanupCounts => ({
  patients: 0,
  entries: 0,
  images: 0,
  lesions: 0,
  users: 0,
  logs: 0,
  files: 0,
});

/**
 * The cleanup (PRODUCT.md §6): removes everything whose expiry has been reached, and nothing else:
 * the rest of any account whose deletion started but did not finish, expired activity-log content (redacted, hashes kept), expired deleted patients, entries and images
 * (stored files first, rows last, in batches), expired deleted users (removed for good) and stored
 * files that no record names (left by a crash during an upload). A record
 * that fails is recorded and the run goes on; every step is idempotent, so a run that stopped
 * halfway (its row has no finished_at) is finished by the next. Each run is stored and audited.
 */
export async function runCleanup(ctx: Ctx, storage: BlobStore, actor: Actor, options: CleanupOptions) {
  requireCapability(actor, 'cleanup.run');
  return runRemoval(ctx, storage, actor, { ...options, stages: ALL_STAGES });
}

/**
 * The cleanup's stages, recorded as one run (cleanup_runs) with its counts and failures: the daily
 * cleanup runs them all; a retention change runs those of the records it made expired. The caller
 * has checked access.
 */
export async function runRemoval(ctx: Ctx, storage: BlobStore, actor: Actor, options: RemovalOptions) {
  const { retentionMonths } = await readSettings(ctx.db);
  const id = options.destruction?.cleanupRunId ?? randomUUID();
  const destruction =
    options.destruction ??
    openDestruction(ctx.clock.now(), 'cleanup', actor, retentionRule(retentionMonths), { cleanupRunId: id });
  const instance = options.instance ?? `${hostname()}:${process.pid}`;
  await ctx.db
    .insert(cleanupRuns)
    .values({ id, startedAt: ctx.clock.now(), trigger: options.trigger, instance });
  const failures: CleanupFailure[] = [];
  const removed = { ...noCleanupCounts(), ...options.already };
  const stage = async (name: Stage, kind: CleanupFailure['kind'], run: () => Promise<void>) => {
    if (!options.stages.includes(name)) return;
    try {
      await run();
    } catch (err) {
      failures.push({ kind, id: null, message: `${name}: ${(err as Error).message}`.slice(0, 500) });
    }
    options.onProgress?.(name, removed);
  };
  await stage('logs', 'logs', async () => {
    for (;;) {
      const n = await redactExpiredActivity(ctx.db, retentionMonths, ctx.clock.now(), LOG_BATCH);
      removed.logs += n;
      if (n < LOG_BATCH) break;
    }
  });
  await stage('accounts', 'account', async () => {
    for (const accountId of await accountsBeingDeleted(ctx.db)) {
      try {
        const done = await finishAccountDeletion(
          ctx,
          storage,
          accountId,
          accountDestruction(ctx.clock.now(), actor, accountId),
        );
        for (const k of ['patients', 'entries', 'images', 'users', 'logs', 'files'] as const)
          removed[k] += done[k];
      } catch (err) {
        failures.push({ kind: 'account', id: accountId, message: (err as Error).message.slice(0, 500) });
      }
    }
  });
  await stage('records', 'patient', async () => {
    const records = await removeExpiredRecords(ctx, storage, {
      retentionMonths,
      failures,
      resumeInterrupted: true,
      destruction,
      onProgress: (r) => options.onProgress?.('records', { ...removed, ...recordCounts(r) }),
    });
    for (const [k, v] of Object.entries(recordCounts(records))) removed[k as keyof CleanupCounts] += v;
  });
  await stage('users', 'user', async () => {
    removed.users += await removeExpiredUsers(ctx, retentionMonths, failures, destruction);
  });
  await stage('files', 'files', async () => {
    removed.files += await sweepOrphanFiles(ctx, storage);
  });
  await ctx.db
    .update(cleanupRuns)
    .set({ finishedAt: ctx.clock.now(), counts: removed, failures })
    .where(eq(cleanupRuns.id, id));
  const event = options.audit
    ? options.audit(removed, failures, id)
    : {
        action: 'cleanup.run',
        accountId: null,
        targetType: 'cleanup',
        targetId: id,
        details: { trigger: options.trigger, instance, removed, failures: failures.length },
      };
  if (event) await recordAuditAlone(ctx, actor, event);
  return { runId: id, removed, failures };
}

/** Records and files removed; `logs` stays the count of expired activity redacted by its own stage. */
const recordCounts = (r: RemovedCounts) => ({
  patients: r.patients,
  entries: r.entries,
  images: r.images,
  lesions: r.lesions,
  files: r.files,
});

/** Deleted users past their expiry, removed for good one transaction each. */
async function removeExpiredUsers(
  ctx: Ctx,
  months: number,
  failures: CleanupFailure[],
  destruction: Destruction,
) {
  let count = 0;
  const failed: string[] = [];
  for (;;) {
    const rows = await ctx.db
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          expiredSql(users.deletedAt, months, ctx.clock.now()),
          isNull(users.removedAt),
          failed.length ? notInArray(users.id, failed) : undefined,
        ),
      )
      .orderBy(asc(users.deletedAt), asc(users.id))
      .limit(USER_BATCH);
    for (const { id } of rows) {
      try {
        const done = await ctx.db.transaction((tx) =>
          removeUserForGood(tx, id, ctx.clock.now(), destruction),
        );
        if (done) count++;
      } catch (err) {
        failed.push(id);
        failures.push({ kind: 'user', id, message: (err as Error).message.slice(0, 500) });
      }
    }
    if (rows.length < USER_BATCH) return count;
  }
}
