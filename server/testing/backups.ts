import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { sql } from 'drizzle-orm';
import { extract } from 'tar-stream';
import { systemClock } from '../clock.ts';
import type { Database } from '../db/client.ts';
import { signManifest } from '../domain/backup-signature.ts';
import { encryptInto, openArchive } from '../services/backups/backup-crypto.ts';
import { waitForBackups } from '../services/backups/backup-jobs.ts';
import { quoteIdent, readTables } from '../services/backups/catalog.ts';
import { backupKey, createBackup } from '../services/backups/create-backup.ts';
import { MANIFEST_ENTRY, SIGNATURE_ENTRY } from '../services/backups/manifest.ts';
import { TarWriter } from '../services/backups/tar-writer.ts';
import { systemActor } from '../services/context.ts';
import type { SigningKey } from '../services/evidence/deployment-keys.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { createSuperAdmin, seedAccount, type TestApp, type TestUser } from './harness.ts';
import { deleteRecord, seedRecords } from './lifecycle.ts';

// Helpers of the backup tests (server/services/backups/*.int.test.ts).

/** Takes a backup into the app's store and waits for it; returns its id. */
export async function storedBackup(t: TestApp<BlobStore>): Promise<string> {
  await waitForBackups(t.storage);
  const ctx = { db: t.database.db, clock: t.clock };
  const { job, done } = await createBackup(ctx, t.database, t.storage, systemActor(), {
    trigger: 'manual',
    evidence: t.evidence,
    key: t.config.backupKey,
  });
  const result = await done;
  if (!result.ok) throw new Error(`backup failed: ${result.error?.message}`);
  return job.id;
}

export interface DeploymentState {
  /** Every row of every table as JSON text (timestamps in UTC), in key order. */
  tables: Record<string, string[]>;
  /** Every stored file but the backups: key -> SHA-256. */
  files: Record<string, string>;
}

/** Everything a deployment holds, to compare before a backup and after its restore. */
export async function deploymentState(database: Database, storage: BlobStore): Promise<DeploymentState> {
  const tables: Record<string, string[]> = {};
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    for (const t of await readTables(tx)) {
      const order = (t.key.length ? t.key : t.columns.map((c) => c.name)).map(quoteIdent).join(', ');
      const res = await tx.execute(
        sql.raw(`select row_to_json(t)::text as j from public.${quoteIdent(t.name)} t order by ${order}`),
      );
      tables[t.name] = (res as unknown as { rows: { j: string }[] }).rows.map((r) => r.j);
    }
  });
  const files: Record<string, string> = {};
  for (const f of await storage.list('')) {
    if (f.key.startsWith('backups/')) continue;
    files[f.key] = createHash('sha256')
      .update(await buffer(await storage.get(f.key)))
      .digest('hex');
  }
  return { tables, files };
}

/** The audit trail up to a point: a restore appends its own event after the restored ones. */
export function withAuditUpTo(state: DeploymentState, events: number): DeploymentState {
  return {
    ...state,
    tables: { ...state.tables, audit_events: state.tables.audit_events?.slice(0, events) ?? [] },
  };
}

/**
 * A deployment with something of everything: two accounts, users of every role, patients with
 * entries, images and a signed consent, a deleted patient (its cascade), an entry and an image
 * deleted on their own, a deleted user, tags and a super administrator.
 */
export async function seedDeployment(t: TestApp) {
  const clinic = await seedAccount(t, 'Backup Clinic');
  const other = await seedAccount(t, 'Second Practice');
  const root = await createSuperAdmin(t);
  const kept = await seedRecords(t, clinic.clinician, 'kept-1', { entries: 2, images: 2 });
  const gone = await seedRecords(t, clinic.clinician, 'gone-1', { entries: 1, images: 2 });
  await seedRecords(t, other.clinician, 'other-1', { entries: 1, images: 1 });
  const ok = (res: { statusCode: number; body: string }) => {
    if (res.statusCode >= 300) throw new Error(res.body);
  };
  ok(await deleteRecord(t, clinic.clinician, 'entries', kept.entryIds[1] as string));
  ok(await deleteRecord(t, clinic.clinician, 'images', kept.imageIds[1] as string));
  t.clock.advance(3600_000);
  ok(await deleteRecord(t, clinic.clinician, 'patients', gone.patient.id, 'delete gone-1'));
  ok(
    await t.app.inject({ method: 'DELETE', url: `/api/users/${clinic.assistant.id}`, headers: root.headers }),
  );
  const category = await t.app.inject({
    method: 'POST',
    url: '/api/tag-categories',
    headers: clinic.admin.headers,
    payload: { name: 'Site', color: '#336699' },
  });
  ok(category);
  ok(
    await t.app.inject({
      method: 'POST',
      url: '/api/tags',
      headers: clinic.admin.headers,
      payload: { name: 'Face', categoryId: category.json().id },
    }),
  );
  return { clinic, other, root, kept, gone };
}

export const asUser = (user: TestUser) => ({ headers: user.headers });

/** A stored backup as plain tar: decrypted with the app's backup key. */
export async function readStoredArchive(t: TestApp<BlobStore>, id: string): Promise<Buffer> {
  return buffer(await openArchive(await t.storage.get(backupKey(id)), t.config.backupKey));
}

/** Stores a plain archive as the server stores its own: encrypted to the app's backup key. */
export async function putStoredArchive(t: TestApp<BlobStore>, id: string, plain: Buffer): Promise<void> {
  const out = new PassThrough();
  const encrypted = buffer(out);
  const sealed = await encryptInto(out, t.config.backupKey);
  sealed.plain.end(plain);
  await sealed.done;
  out.end();
  await t.storage.put(backupKey(id), await encrypted);
}

/**
 * Rebuilds an archive entry by entry, letting `edit` change, drop (null) or add entries. With
 * `resign`, the signature entry is made again for the manifest as edited: what someone holding the
 * deployment's signing key could do (nobody else can).
 */
export async function repack(
  archive: Buffer,
  edit: (name: string, data: Buffer) => Buffer | null | [string, Buffer][],
  resign?: SigningKey,
): Promise<Buffer> {
  let manifest: Buffer | undefined;
  const chunks: Buffer[] = [];
  const out = new (await import('node:stream')).PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const writer = new TarWriter(out, systemClock.now());
  const ex = extract();
  Readable.from([archive]).pipe(ex as unknown as NodeJS.WritableStream);
  for await (const entry of ex) {
    const data = await buffer(entry as unknown as Readable);
    const edited = edit(entry.header.name, data);
    if (edited === null) continue;
    for (const [name, body] of Array.isArray(edited) ? edited : [[entry.header.name, edited] as const]) {
      if (name === MANIFEST_ENTRY) manifest = body;
      const signed =
        resign && manifest && name === SIGNATURE_ENTRY
          ? Buffer.from(JSON.stringify(signManifest(manifest, resign)))
          : body;
      await writer.add(name, signed, false);
    }
  }
  await writer.end();
  return Buffer.concat(chunks);
}
