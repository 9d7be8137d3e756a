import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { sql } from 'drizzle-orm';
import { extract } from 'tar-stream';
import { systemClock } from '../clock.ts';
import type { Database } from '../db/client.ts';
import { waitForBackups } from '../services/backups/backup-jobs.ts';
import { quoteIdent, readTables } from '../services/backups/catalog.ts';
import { createBackup } from '../services/backups/create-backup.ts';
import { TarWriter } from '../services/backups/tar-writer.ts';
import { systemActor } from '../services/context.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { createSuperAdmin, seedAccount, type TestApp, type TestUser } from './harness.ts';
import { deleteRecord, seedRecords } from './lifecycle.ts';

// Helpers of the backup tests (server/services/backups/*.int.test.ts).

/** Takes a backup into the app's store and waits for it; returns its id. */
export async function storedBackup(t: TestApp<BlobStore>): Promise<string> {
  await waitForBackups(t.storage);
  const ctx = { db: t.database.db, clock: t.clock };
  const { job, done } = await createBackup(ctx, t.database, t.storage, systemActor(), 'manual', t.evidence);
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

/** Rebuilds an archive entry by entry, letting `edit` change, drop (null) or add entries. */
export async function repack(
  archive: Buffer,
  edit: (name: string, data: Buffer) => Buffer | null | [string, Buffer][],
): Promise<Buffer> {
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
      await writer.add(name, body, false);
    }
  }
  await writer.end();
  return Buffer.concat(chunks);
}
