import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../server/clock.ts';
import type { Database } from '../server/db/client.ts';
import { openArchive } from '../server/services/backups/backup-crypto.ts';
import { backupTrust } from '../server/services/backups/backup-trust.ts';
import { createBackupFile } from '../server/services/backups/create-backup-file.ts';
import { readBackup } from '../server/services/backups/read-backup.ts';
import { cliActor } from '../server/services/context.ts';
import { openEvidence } from '../server/services/evidence/evidence.ts';
import { LocalDiskStore } from '../server/storage/local-disk.ts';
import { createBenchDatabase, openPrepared } from './database.ts';
import { seed } from './seed.ts';

const log = (line = '') => process.stdout.write(`${line}\n`);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const positive = (v: string | undefined, fallback: number) => {
  const n = v ? Number(v.replace(/_/g, '')) : fallback;
  return Number.isInteger(n) && n > 0 ? n : fallback;
};
const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
/** The bench encrypts to a passphrase; scrypt's cost is paid once per archive, not per byte. */
const BENCH_BACKUP_KEY = { passphrase: 'bench-passphrase-not-secret' };
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');

/** Sizes of the generated stored files of one image: random bytes, incompressible like JPEG/WebP. */
const SIZES = { 'original.jpg': 12 * 1024, 'preview.webp': 3 * 1024, 'thumbnail.webp': 1024 };

/**
 * `--scenario backup`: BENCH_BACKUP_PATIENTS patients (default 10,000) with BENCH_BACKUP_IMAGES
 * images (default 50,000; three stored files each, 16 KiB together), backed up with
 * `vellum backup create`'s path (archive fsynced, then renamed) against a plain `tar -cf` of the same
 * files, fsynced too, in the same run. Each is run twice, alternating; the better run of each counts.
 */
export async function backupScenario() {
  const patients = positive(process.env.BENCH_BACKUP_PATIENTS, 10_000);
  const images = positive(process.env.BENCH_BACKUP_IMAGES, 50_000);
  const bench = await createBenchDatabase(process.env.DATABASE_URL || undefined);
  const work = await mkdtemp(path.join(os.tmpdir(), 'vellum-bench-backup-'));
  try {
    const database = await openPrepared(bench);
    const filesDir = path.join(work, 'files');
    const storage = new LocalDiskStore(filesDir);
    log(
      `backup: ${patients.toLocaleString('en')} patients, ${images.toLocaleString('en')} images, ${bench.kind} database`,
    );
    const seeded = await seed(database, patients, { analyze: false });
    const t0 = performance.now();
    const fileBytes = await seedImages(database, seeded.accountId, images, filesDir);
    log(
      `  stored files: ${(images * 3).toLocaleString('en')} (original 12 KiB, preview 3 KiB, thumbnail 1 KiB per image), ${(fileBytes / 1e6).toFixed(0)} MB, written in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    const ctx = { db: database.db, clock: systemClock };
    // The deployment's keys in the bench's own folder: the manifest is signed as `backup create` signs it.
    const evidence = openEvidence({
      dataDir: work,
      evidence: { auditKey: undefined, signingKey: undefined },
      storage: { kind: 'local', dir: filesDir },
    });
    const rss = { before: process.memoryUsage().rss, peak: 0 };
    const sampler = setInterval(() => {
      rss.peak = Math.max(rss.peak, process.memoryUsage().rss);
    }, 50);
    const runs = { backup: [] as number[], tar: [] as number[], snapshot: [] as number[] };
    log(`  load average at the start: ${loadAverage()}`);
    let archiveBytes = 0;
    let tarBytes = 0;
    for (let round = 0; round < 2; round++) {
      const tarFile = path.join(work, 'plain.tar');
      let started = performance.now();
      execFileSync('tar', ['-cf', tarFile, '-C', filesDir, '.']);
      await fsync(tarFile);
      runs.tar.push(performance.now() - started);
      tarBytes = (await stat(tarFile)).size;
      await rm(tarFile);

      const file = path.join(work, 'backup.tar');
      started = performance.now();
      let snapshotDone = 0;
      await createBackupFile(ctx, database, storage, cliActor(), {
        file,
        // Encrypted, as `vellum backup create` writes it by default.
        key: BENCH_BACKUP_KEY,
        evidence,
        onProgress: (p) => {
          if (p.stage === 'files' && !snapshotDone) snapshotDone = performance.now();
        },
      });
      runs.backup.push(performance.now() - started);
      runs.snapshot.push(snapshotDone - started);
      archiveBytes = (await stat(file)).size;
      if (round === 1) {
        const v = performance.now();
        await readBackup(await openArchive(createReadStream(file), BENCH_BACKUP_KEY), {
          trust: backupTrust(evidence),
        });
        log(`  verify: ${mbps(archiveBytes, performance.now() - v).toFixed(0)} MB/s (every checksum)`);
      }
      await rm(file);
    }
    const backupMs = Math.min(...runs.backup);
    const tarMs = Math.min(...runs.tar);
    const ratio = mbps(archiveBytes, backupMs) / mbps(tarBytes, tarMs);
    log(
      `  vellum backup: ${(archiveBytes / 1e6).toFixed(0)} MB in ${(backupMs / 1000).toFixed(1)} s = ${mbps(archiveBytes, backupMs).toFixed(0)} MB/s (database dump, alongside the files, done at ${(Math.min(...runs.snapshot) / 1000).toFixed(1)} s)`,
    );
    log(
      `  plain tar:     ${(tarBytes / 1e6).toFixed(0)} MB in ${(tarMs / 1000).toFixed(1)} s = ${mbps(tarBytes, tarMs).toFixed(0)} MB/s`,
    );
    log(`  ${verdict(ratio >= 0.7)}  at least 70% of plain tar's MB/s: ${(ratio * 100).toFixed(0)}%`);
    clearInterval(sampler);
    log(
      `  RSS of the process (${bench.kind === 'embedded' ? 'the embedded database included' : 'PostgreSQL apart'}): ${(rss.before / 1e6).toFixed(0)} MB after seeding, peak ${(rss.peak / 1e6).toFixed(0)} MB during the backups and verify of a ${(archiveBytes / 1e6).toFixed(0)} MB archive`,
    );
    log(`  load average at the end: ${loadAverage()}`);
    await database.close();
  } finally {
    await rm(work, { recursive: true, force: true });
    await bench.drop();
  }
}

/** Image rows spread over the patients, and their three stored files each. */
async function seedImages(database: Database, accountId: string, images: number, filesDir: string) {
  await database.raw(
    `with p as (select id, row_number() over (order by id) - 1 as n, count(*) over () as total from patients)
     insert into images (id, account_id, patient_id, filename, content_type, width, height, byte_size, sha256,
       uploaded_at, original_key, preview_key, thumbnail_key, last_modified_at)
     select md5('bench-image-' || g)::uuid, $1::uuid, p.id, 'photo-' || g || '.jpg', 'image/jpeg', 4000, 3000, ${SIZES['original.jpg']},
       md5(g::text), now(), k || 'original.jpg', k || 'preview.webp', k || 'thumbnail.webp', now()
     from generate_series(1, $2::int) g
     cross join lateral (select 'accounts/' || $1::text || '/images/' || md5('bench-image-' || g)::uuid || '/' as k) key
     join p on p.n = g % p.total`,
    [accountId, images],
  );
  const rows = await database.raw('select id from images order by id');
  let bytes = 0;
  const write = async (id: string) => {
    const dir = path.join(filesDir, 'accounts', accountId, 'images', id);
    await mkdir(dir, { recursive: true });
    for (const [name, size] of Object.entries(SIZES)) {
      await writeFile(path.join(dir, name), randomBytes(size));
      bytes += size;
    }
  };
  for (let i = 0; i < rows.length; i += 64) {
    await Promise.all(rows.slice(i, i + 64).map((r) => write(String(r.id))));
  }
  return bytes;
}

async function fsync(file: string) {
  const handle = await open(file, 'r');
  await handle.sync();
  await handle.close();
}
