import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSuperAdmin, startTestApp, type TestApp, type TestUser } from '../testing/harness.ts';
import {
  CLEANUP_LOCK,
  runScheduledBackup,
  runScheduledCleanup,
  startBackupSchedule,
  startCleanupSchedule,
} from './scheduler.ts';

// The daily cleanup inside the server: it runs by itself, and with several instances on one
// PostgreSQL server only the one holding the advisory lock runs it.

let t: TestApp;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const DAY = 24 * 3600_000;
const deps = () => ({
  database: t.database,
  clock: t.clock,
  storage: t.storage,
  evidence: t.evidence,
  backupKey: t.config.backupKey,
});
const lastRun = async () =>
  (await t.app.inject({ method: 'GET', url: '/api/admin/cleanup', headers: root.headers })).json().lastRun;

describe('the scheduled cleanup', () => {
  it('runs and records a scheduled run', async () => {
    expect(await runScheduledCleanup(deps())).toBe('ran');
    expect(await lastRun()).toMatchObject({ trigger: 'scheduled', failures: [] });
    // The run checked the audit trail, recorded the result, and signed a checkpoint.
    const [event] = await t.database.raw("select details from audit_events where action = 'audit.verified'");
    expect(event?.details).toMatchObject({ intact: true, firstProblem: null });
    const { checkpoints } = await t.evidence.checkpoints.readAll();
    expect(checkpoints.length).toBe(1);
  });

  it('records a failed check of the audit trail', async () => {
    t.clock.advance(DAY);
    const [first] = await t.database.raw('select action from audit_events where seq = 1');
    await t.database.raw("update audit_events set action = 'forged' where seq = 1");
    expect(await runScheduledCleanup(deps())).toBe('ran');
    const rows = await t.database.raw(
      "select details from audit_events where action = 'audit.verified' order by seq desc limit 1",
    );
    expect(rows[0]?.details).toMatchObject({ intact: false, firstProblem: { seq: 1, kind: 'content' } });
    await t.database.raw('update audit_events set action = $1 where seq = 1', [first?.action]);
  });

  it.runIf(Boolean(process.env.DATABASE_URL))(
    'skips while another instance holds the lock, and runs once it is free',
    async () => {
      const other = new pg.Client({ connectionString: t.database.url });
      await other.connect();
      try {
        t.clock.advance(DAY); // the next turn
        await other.query('select pg_advisory_lock($1)', [CLEANUP_LOCK]);
        const before = (await lastRun()).id;
        expect(await runScheduledCleanup(deps())).toBe('skipped');
        expect((await lastRun()).id).toBe(before);
        await other.query('select pg_advisory_unlock($1)', [CLEANUP_LOCK]);
        expect(await runScheduledCleanup(deps())).toBe('ran');
        expect((await lastRun()).id).not.toBe(before);
      } finally {
        await other.end();
      }
    },
  );

  it('runs each turn once: an instance that fires after the turn was taken skips it', async () => {
    t.clock.advance(DAY);
    expect(await runScheduledCleanup(deps())).toBe('ran');
    const taken = (await lastRun()).id;
    t.clock.advance(60_000); // a second instance whose timer fired a minute later
    expect(await runScheduledCleanup(deps())).toBe('skipped');
    expect((await lastRun()).id).toBe(taken);
    t.clock.advance(DAY);
    expect(await runScheduledCleanup(deps())).toBe('ran');
  });

  it('is scheduled once a day and stops cleanly', () => {
    const schedule = startCleanupSchedule(deps());
    const next = schedule.nextRun();
    expect(next?.getHours()).toBe(3);
    expect(next?.getMinutes()).toBe(15);
    schedule.stop();
    expect(schedule.nextRun()).toBeNull();
  });
});

describe('the scheduled backup', () => {
  const backups = async () =>
    (await t.app.inject({ method: 'GET', url: '/api/admin/backups', headers: root.headers })).json().items;

  it('writes a backup a day and keeps only the newest ones', async () => {
    for (let day = 0; day < 3; day++) {
      expect(await runScheduledBackup(deps(), 2)).toBe('ran');
      t.clock.advance(24 * 3600_000);
    }
    const kept = await backups();
    expect(kept.map((b: { status: string }) => b.status)).toEqual(['complete', 'complete']);
    // A late instance in the same turn finds the fresh backup and writes none.
    t.clock.advance(-24 * 3600_000);
    await runScheduledBackup(deps(), 2);
    expect((await backups()).map((b: { id: string }) => b.id)).toEqual(kept.map((b: { id: string }) => b.id));
  });

  it('is scheduled at the configured time and stops cleanly', () => {
    const schedule = startBackupSchedule(deps(), '02:30', 7);
    expect(schedule.nextRun()?.getHours()).toBe(2);
    expect(schedule.nextRun()?.getMinutes()).toBe(30);
    expect(schedule.nextRun()?.getSeconds()).toBe(0);
    schedule.stop();
    expect(schedule.nextRun()).toBeNull();
    const toTheSecond = startBackupSchedule(deps(), '23:59:30', 7);
    expect(toTheSecond.nextRun()?.getSeconds()).toBe(30);
    toTheSecond.stop();
  });
});
