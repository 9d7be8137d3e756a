import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyBase64 } from '../../domain/backup-signature.ts';
import { AppError } from '../../errors.ts';
import {
  deploymentState,
  putStoredArchive,
  repack,
  seedDeployment,
  withAuditUpTo,
} from '../../testing/backups.ts';
import {
  createSuperAdmin,
  startTestApp,
  TEST_AUDIT_KEY,
  TEST_BACKUP_KEY,
  type TestApp,
  type TestUser,
} from '../../testing/harness.ts';
import { cliActor } from '../context.ts';
import type { BackupKey } from './backup-crypto.ts';
import { backupTrust, type TrustOptions } from './backup-trust.ts';
import { createBackupFile } from './create-backup-file.ts';
import { MANIFEST_ENTRY, SIGNATURE_ENTRY } from './manifest.ts';
import { restoreBackup } from './restore-backup.ts';

// Every archive's manifest is signed with the deployment's Ed25519 key. A restore (and a verify)
// accepts only this deployment's signature, or one whose public key the operator passes; an
// archive of another deployment, a manifest rewritten to match an altered entry, and a removed
// signature are refused, and the deployment is left as it was.

let other: TestApp; // another deployment: its own signing key
let fresh: TestApp; // this deployment
let operator: TestUser;
let dir: string;
let plain: string;
let encrypted: string;
let before: Awaited<ReturnType<typeof deploymentState>>;

const ctxOf = (app: TestApp) => ({ db: app.database.db, clock: app.clock });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vellum-signed-'));
  other = await startTestApp({ evidence: { auditKey: TEST_AUDIT_KEY, signingKey: undefined } });
  await seedDeployment(other);
  before = await deploymentState(other.database, other.storage);
  plain = path.join(dir, 'other.tar');
  encrypted = path.join(dir, 'other.tar.age');
  const make = (file: string, encrypt: boolean) =>
    createBackupFile(ctxOf(other), other.database, other.storage, cliActor(), {
      file,
      evidence: other.evidence,
      ...(encrypt ? { key: TEST_BACKUP_KEY } : { unencrypted: true }),
    });
  await make(plain, false);
  await make(encrypted, true);
  fresh = await startTestApp();
  operator = await createSuperAdmin(fresh, 'operator@vellum.test');
});
afterAll(async () => {
  await other?.close();
  await fresh?.close();
  rmSync(dir, { recursive: true, force: true });
});

const otherPublicKey = () => publicKeyBase64(other.evidence.keys.signing.publicKeyPem);

const restoreFile = (file: string, trust: TrustOptions = {}, key: BackupKey = TEST_BACKUP_KEY) =>
  restoreBackup(ctxOf(fresh), fresh.database, fresh.storage, cliActor(), {
    open: async () => createReadStream(file),
    replaceExisting: true,
    key,
    trust: backupTrust(fresh.evidence, trust),
  });

/** The refusal's code; the deployment holds what it held, plus the refusal's own event. */
async function refused(run: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  const untouched = await deploymentState(fresh.database, fresh.storage);
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  const now = await deploymentState(fresh.database, fresh.storage);
  expect(withAuditUpTo(now, untouched.tables.audit_events?.length ?? 0)).toEqual(untouched);
  return { code: (err as AppError).code, message: (err as AppError).message };
}

function write(name: string, bytes: Buffer) {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

describe('signed backups', () => {
  it("refuses another deployment's archive, naming both keys and how to trust it", async () => {
    for (const file of [plain, encrypted]) {
      const r = await refused(() => restoreFile(file));
      expect(r.code).toBe('backup_foreign');
      expect(r.message).toContain(other.evidence.keys.signing.keyId);
      expect(r.message).toContain(fresh.evidence.keys.signing.keyId);
      expect(r.message).toMatch(/--trust-public-key/);
    }
  });

  it('the API restore of a stored archive takes the public key in trustPublicKey', async () => {
    const admin = operator;
    const id = '20260103t000000z-0000aa';
    await putStoredArchive(fresh, id, readFileSync(plain));
    const restore = (body: Record<string, unknown>) =>
      fresh.app.inject({
        method: 'POST',
        url: `/api/admin/backups/${id}/restore`,
        headers: admin.headers,
        payload: { confirmation: `restore backup ${id}`, ...body },
      });
    const foreign = await restore({});
    expect(foreign.statusCode, foreign.body).toBe(422);
    expect(foreign.json().error.code).toBe('backup_foreign');
    const junk = await restore({ trustPublicKey: 'not a key' });
    expect(junk.json().error.code).toBe('public_key_invalid');
    const ok = await restore({ trustPublicKey: otherPublicKey() });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('refuses a wrong passphrase before anything else', async () => {
    const r = await refused(() =>
      restoreFile(encrypted, { trustPublicKeys: [otherPublicKey()] }, { passphrase: 'no' }),
    );
    expect(r.code).toBe('backup_key_wrong');
  });

  it('refuses an entry changed together with its checksum in the manifest', async () => {
    let changed: { name: string; size: number; sha256: string } | undefined;
    const forged = await repack(readFileSync(plain), (name, data) => {
      if (!changed && name.startsWith('db/patients/')) {
        const body = Buffer.from(data.toString('utf8').replace('kept-1', 'kapt-1'));
        expect(body.equals(data)).toBe(false);
        changed = { name, size: body.length, sha256: createHash('sha256').update(body).digest('hex') };
        return body;
      }
      if (name !== MANIFEST_ENTRY) return data;
      const manifest = JSON.parse(data.toString('utf8'));
      for (const e of manifest.entries) if (e.name === changed?.name) Object.assign(e, changed);
      return Buffer.from(JSON.stringify(manifest));
    });
    const r = await refused(() =>
      restoreFile(write('forged.tar', forged), { trustPublicKeys: [otherPublicKey()] }),
    );
    expect(r.code).toBe('backup_signature_invalid');
    expect(r.message).toMatch(/altered after it was written/);
  });

  it('refuses one flipped byte of the signature, and an archive whose signature was removed', async () => {
    const flipped = await repack(readFileSync(plain), (name, data) => {
      if (name !== SIGNATURE_ENTRY) return data;
      const json = JSON.parse(data.toString('utf8'));
      const sig = Buffer.from(json.signature, 'base64');
      sig[5] = (sig[5] ?? 0) ^ 0x01;
      return Buffer.from(JSON.stringify({ ...json, signature: sig.toString('base64') }));
    });
    const trust = { trustPublicKeys: [otherPublicKey()] };
    expect((await refused(() => restoreFile(write('flipped-sig.tar', flipped), trust))).code).toBe(
      'backup_signature_invalid',
    );
    const stripped = write(
      'stripped.tar',
      await repack(readFileSync(plain), (name, data) => (name === SIGNATURE_ENTRY ? null : data)),
    );
    expect((await refused(() => restoreFile(stripped, trust))).code).toBe('backup_unsigned');
    // Only when the operator says so explicitly.
    await expect(restoreFile(stripped, { trustUnsigned: true })).resolves.toMatchObject({
      files: Object.keys(before.files).length,
    });
  });

  it("restores another deployment's archive with its public key: the same rows and bytes", async () => {
    const pem = path.join(dir, 'other.pub');
    writeFileSync(pem, other.evidence.keys.signing.publicKeyPem);
    for (const key of [otherPublicKey(), other.evidence.keys.signing.publicKeyPem]) {
      await restoreFile(encrypted, { trustPublicKeys: [key] });
      const after = await deploymentState(fresh.database, fresh.storage);
      expect(withAuditUpTo(after, before.tables.audit_events?.length ?? 0)).toEqual(before);
    }
  });
});
