import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { publicKeyBase64 } from '../domain/backup-signature.ts';
import { AppError } from '../errors.ts';
import { openArchive } from '../services/backups/backup-crypto.ts';
import { backupTrust, type TrustOptions } from '../services/backups/backup-trust.ts';
import { createBackupFile } from '../services/backups/create-backup-file.ts';
import { listBackups } from '../services/backups/list-backups.ts';
import type { Manifest } from '../services/backups/manifest.ts';
import { readBackup } from '../services/backups/read-backup.ts';
import { restoreBackup } from '../services/backups/restore-backup.ts';
import { deploymentIsEmpty } from '../services/backups/restore-database.ts';
import { cliActor } from '../services/context.ts';
import { openEvidence } from '../services/evidence/evidence.ts';
import { openStorage } from '../storage/open-storage.ts';
import { withDatabase } from './with-database.ts';

// PRODUCT.md §8 for the operator: docs/OPERATIONS.md ("Backups") describes each command.

const storage = () => openStorage(loadConfig().storage);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** A bar on a terminal (in megabytes, or a bare percentage); nothing when the output is a file or a pipe. */
function bar(label: string, megabytes = true) {
  if (!process.stderr.isTTY) return { update: (_d: number, _t: number) => {}, stop: () => {} };
  const b = new SingleBar({
    stream: process.stderr,
    format: `${label} {bar} {percentage}%${megabytes ? ' {done}/{all} MB' : ''}`,
    hideCursor: true,
  });
  let started = false;
  return {
    update(done: number, total: number) {
      const all = Math.max(total, done, 1);
      if (!started) {
        b.start(all, 0, { done: '0', all: (all / 1e6).toFixed(0) });
        started = true;
      }
      b.setTotal(all);
      b.update(done, { done: (done / 1e6).toFixed(0), all: (all / 1e6).toFixed(0) });
    },
    stop: () => started && b.stop(),
  };
}

const describe = (m: Manifest) => {
  const rows = m.tables.reduce((sum, t) => sum + t.rows, 0);
  return `backup ${m.id} of ${m.createdAt} (${m.engine} database, schema ${m.schema.tag}): ${rows} rows in ${m.tables.length} tables, ${m.files.count} files (${mb(m.files.bytes)})`;
};

async function confirmRestore(yes: boolean | undefined) {
  if (yes) return;
  if (!process.stdin.isTTY) {
    throw new AppError(
      409,
      'confirmation_required',
      'This deployment holds data that the restore replaces. Add --yes to confirm (not a terminal).',
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(
    'This deployment holds data; the restore replaces all of it. Type "yes" to go ahead: ',
  );
  rl.close();
  if (answer.trim().toLowerCase() !== 'yes') throw new AppError(409, 'cancelled', 'Nothing was restored.');
}

interface TrustFlags {
  trustPublicKey?: string[];
  trustUnsigned?: boolean;
}

/** `--trust-public-key` takes a file holding the key, or the key itself (one-line base64 or PEM). */
function trustOptions(flags: TrustFlags): TrustOptions {
  return {
    trustPublicKeys: (flags.trustPublicKey ?? []).map((v) => (existsSync(v) ? readFileSync(v, 'utf8') : v)),
    trustUnsigned: flags.trustUnsigned,
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const TRUST_KEY_HELP =
  "also accept backups signed by another deployment: its public key (a file, or the line 'vellum backup public-key' prints there); repeatable";
const TRUST_UNSIGNED_HELP = 'also accept a backup without a signature (written before backups were signed)';

export function registerBackupCommands(program: Command) {
  const backup = program.command('backup').description('back up, verify and restore the whole deployment');

  backup
    .command('create')
    .description('write a backup (database and every stored file) to FILE')
    .requiredOption('--out <file>', 'the archive to write; it appears only when complete')
    .option('--unencrypted', 'write a plain archive (anyone holding it reads every record)')
    .action(async (opts: { out: string; unencrypted?: boolean }) => {
      const progress = bar('Backup ', false);
      const store = await storage();
      const result = await withDatabase((ctx, opened) =>
        createBackupFile(ctx, opened.database, store, cliActor(), {
          file: opts.out,
          evidence: openEvidence(loadConfig(), store),
          key: loadConfig().backupKey,
          unencrypted: opts.unencrypted,
          onProgress: (p) => progress.update(p.percent, 100),
        }),
      ).finally(() => progress.stop());
      const how = result.encrypted ? 'encrypted' : 'UNENCRYPTED';
      process.stdout.write(`Wrote ${describe(result.manifest)} to ${result.file} (${how}).\n`);
    });

  backup
    .command('verify')
    .description('check that FILE is a complete backup whose every checksum matches')
    .argument('<file>')
    .option('--trust-public-key <key>', TRUST_KEY_HELP, collect)
    .option('--trust-unsigned', TRUST_UNSIGNED_HELP)
    .action(async (file: string, opts: TrustFlags) => {
      const config = loadConfig();
      const trust = backupTrust(openEvidence(config, await storage()), trustOptions(opts));
      const size = statSync(file).size;
      const progress = bar('Verify ');
      const stream = createReadStream(file);
      stream.on('data', () => progress.update(stream.bytesRead, size));
      const manifest = await readBackup(await openArchive(stream, config.backupKey), { trust }).finally(() =>
        progress.stop(),
      );
      process.stdout.write(`OK: ${describe(manifest)}; every checksum matches and the signature holds.\n`);
    });

  backup
    .command('restore')
    .description('restore FILE into this deployment (asks before replacing existing data)')
    .argument('<file>')
    .option('--yes', 'replace existing data without asking')
    .option('--trust-public-key <key>', TRUST_KEY_HELP, collect)
    .option('--trust-unsigned', TRUST_UNSIGNED_HELP)
    .action(async (file: string, opts: TrustFlags & { yes?: boolean }) => {
      statSync(file);
      await withDatabase(async (ctx, opened) => {
        const replaceExisting = !(await deploymentIsEmpty(ctx.db));
        if (replaceExisting) await confirmRestore(opts.yes);
        const progress = bar('Restore');
        const size = statSync(file).size;
        const store = await storage();
        const evidence = openEvidence(loadConfig(), store);
        const result = await restoreBackup(ctx, opened.database, store, cliActor(), {
          open: async () => createReadStream(file),
          replaceExisting,
          evidence,
          key: loadConfig().backupKey,
          trust: backupTrust(evidence, trustOptions(opts)),
          // Two passes over the archive: verifying, then restoring.
          onProgress: (stage, done) => progress.update(stage === 'verifying' ? done : size + done, 2 * size),
        }).finally(() => progress.stop());
        process.stdout.write(
          `Restored backup ${result.id} of ${result.createdAt}: ${result.rows} rows, ${result.files} files; ${result.removedFiles} stored files that it did not hold were removed.\n`,
        );
      });
    });

  backup
    .command('public-key')
    .description("print this deployment's public key, which another machine needs to trust its backups")
    .action(async () => {
      const { signing } = openEvidence(loadConfig(), await storage()).keys;
      process.stdout.write(
        `# key ${signing.keyId}: give this line to --trust-public-key (or keep the PEM below in a file)\n${publicKeyBase64(signing.publicKeyPem)}\n${signing.publicKeyPem}`,
      );
    });

  backup
    .command('list')
    .description("list the server's own backups (made from the admin console or the daily schedule)")
    .action(async () => {
      const { items } = await listBackups(await storage(), cliActor());
      if (items.length === 0) process.stdout.write('No backups in the store.\n');
      for (const b of items) {
        process.stdout.write(`${b.id}  ${b.createdAt}  ${b.status}  ${b.size === null ? '-' : mb(b.size)}\n`);
      }
    });
}
