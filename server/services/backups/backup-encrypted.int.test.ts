import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { deploymentState, seedDeployment, storedBackup, withAuditUpTo } from '../../testing/backups.ts';
import { createSuperAdmin, startTestApp, type TestApp } from '../../testing/harness.ts';
import { cliActor } from '../context.ts';
import type { BackupKey } from './backup-crypto.ts';
import { backupTrust } from './backup-trust.ts';
import { backupKey } from './create-backup.ts';
import { createBackupFile } from './create-backup-file.ts';
import { restoreBackup } from './restore-backup.ts';

// `vellum backup create` encrypts with age: the archive is refused with a wrong passphrase or with
// one flipped byte (and the deployment is left as it was), and the right passphrase restores the
// same rows and byte-identical files on another deployment. A plain archive needs --unencrypted.

const RIGHT: BackupKey = { passphrase: 'correct horse battery staple', scryptWorkFactor: 10 };
let t: TestApp;
let fresh: TestApp;
let dir: string;
let archive: string;
let before: Awaited<ReturnType<typeof deploymentState>>;

const ctxOf = (app: TestApp) => ({ db: app.database.db, clock: app.clock });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vellum-enc-'));
  t = await startTestApp();
  await seedDeployment(t);
  before = await deploymentState(t.database, t.storage);
  archive = path.join(dir, 'a.tar.age');
  await createBackupFile(ctxOf(t), t.database, t.storage, cliActor(), {
    file: archive,
    key: RIGHT,
    evidence: t.evidence,
  });
  fresh = await startTestApp();
  await createSuperAdmin(fresh, 'operator@vellum.test');
});
afterAll(async () => {
  await t?.close();
  await fresh?.close();
  rmSync(dir, { recursive: true, force: true });
});

const restoreInto = (file: string, key: BackupKey | undefined) =>
  restoreBackup(ctxOf(fresh), fresh.database, fresh.storage, cliActor(), {
    open: async () => createReadStream(file),
    replaceExisting: true,
    key,
    trust: backupTrust(fresh.evidence),
  });
async function refusal(run: Promise<unknown>): Promise<string> {
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return (err as AppError).code;
}

describe('encrypted backups', () => {
  it('writes an age file that holds no readable record', () => {
    const bytes = readFileSync(archive);
    expect(bytes.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');
    expect(bytes.includes(Buffer.from('Backup Clinic'))).toBe(false);
  });

  it('writes no plain archive unless told so, and says how to set a key', async () => {
    const file = path.join(dir, 'plain.tar');
    const err = await createBackupFile(ctxOf(t), t.database, t.storage, cliActor(), {
      file,
      evidence: t.evidence,
    }).catch((e) => e);
    expect(err).toMatchObject({
      code: 'backup_key_missing',
      message: expect.stringMatching(/VELLUM_BACKUP_PASSPHRASE/),
    });
    await createBackupFile(ctxOf(t), t.database, t.storage, cliActor(), {
      file,
      unencrypted: true,
      evidence: t.evidence,
    });
    expect(readFileSync(file).subarray(0, 3).toString()).not.toBe('age');
  });

  it('refuses a wrong passphrase, no key, and one flipped byte; the deployment stays as it was', async () => {
    const untouched = await deploymentState(fresh.database, fresh.storage);
    expect(await refusal(restoreInto(archive, { passphrase: 'wrong horse' }))).toBe('backup_key_wrong');
    expect(await refusal(restoreInto(archive, undefined))).toBe('backup_key_missing');
    const flipped = path.join(dir, 'flipped.tar.age');
    const bytes = readFileSync(archive);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] ?? 0) ^ 0x01;
    writeFileSync(flipped, bytes);
    expect(await refusal(restoreInto(flipped, RIGHT))).toBe('backup_damaged');
    const now = await deploymentState(fresh.database, fresh.storage);
    // Only the refusals' own events were added.
    expect(withAuditUpTo(now, untouched.tables.audit_events?.length ?? 0)).toEqual(untouched);
  });

  it('restores with the right passphrase the same rows and byte-identical files', async () => {
    const result = await restoreInto(archive, RIGHT);
    expect(result.files).toBe(Object.keys(before.files).length);
    const after = await deploymentState(fresh.database, fresh.storage);
    expect(withAuditUpTo(after, before.tables.audit_events?.length ?? 0)).toEqual(before);
  });

  it("stores the server's own backups encrypted to its key; without a key the Manager takes none and says how", async () => {
    const bytes = await buffer(await t.storage.get(backupKey(await storedBackup(t))));
    expect(bytes.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');
    expect(bytes.includes(Buffer.from('Backup Clinic'))).toBe(false);

    const keyless = await startTestApp({ backupKey: {} });
    try {
      const root = await createSuperAdmin(keyless, 'root@keyless.test');
      const schedule = await keyless.app.inject({
        method: 'GET',
        url: '/api/admin/backups/schedule',
        headers: root.headers,
      });
      expect(schedule.json()).toMatchObject({ encryption: null });
      const res = await keyless.app.inject({
        method: 'POST',
        url: '/api/admin/backups',
        headers: root.headers,
      });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error).toMatchObject({
        code: 'backup_key_missing',
        message: expect.stringMatching(/VELLUM_BACKUP_PASSPHRASE.*VELLUM_BACKUP_RECIPIENT/),
      });
      expect(await keyless.storage.list('backups/')).toEqual([]);
      const failed = await keyless.app.inject({
        method: 'GET',
        url: '/api/audit?action=backup.failed',
        headers: root.headers,
      });
      expect(failed.json().items).toHaveLength(1);
    } finally {
      await keyless.close();
    }
  });
});
