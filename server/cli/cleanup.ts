import { createInterface } from 'node:readline/promises';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import type { CleanupCounts } from '../db/schema-ops.ts';
import { parseDays } from '../domain/user-management.ts';
import { AppError } from '../errors.ts';
import { cliActor } from '../services/context.ts';
import { countExpiring } from '../services/lifecycle/count-expiring.ts';
import { listExpiringPatients } from '../services/lifecycle/expiring-patients.ts';
import { purgeDeletedPatients } from '../services/lifecycle/purge-deleted-patients.ts';
import { runCleanup } from '../services/lifecycle/run-cleanup.ts';
import { openStorage } from '../storage/open-storage.ts';
import { withDatabase } from './with-database.ts';

// PRODUCT.md §6, manual cleanup for the operator: docs/OPERATIONS.md describes each command.

const storage = () => openStorage(loadConfig().storage);
// Deletions made before reasons were kept have none.
const describeReason = (r: { deletion_reason: string | null; deletion_note: string | null }) =>
  `${r.deletion_reason ?? 'unrecorded'}${r.deletion_note ? ` (${JSON.stringify(r.deletion_note)})` : ''}`;
const describeCounts = (c: CleanupCounts) =>
  `${c.patients} patients, ${c.entries} entries, ${c.images} images, ${c.users} users, ${c.logs} log events, ${c.files} files`;

/** Destructive commands ask on a terminal; without one they need --yes. */
async function confirm(question: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) {
    throw new AppError(422, 'confirmation_required', 'Not a terminal: add --yes to confirm.');
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(`${question} Type "yes" to go ahead: `);
  rl.close();
  if (answer.trim().toLowerCase() !== 'yes') throw new AppError(409, 'cancelled', 'Nothing was removed.');
}

function progressBar(total: number) {
  if (!process.stderr.isTTY || total === 0) return undefined;
  const bar = new SingleBar({ stream: process.stderr, format: '{bar} {value}/{total} {stage}' });
  bar.start(total, 0, { stage: '' });
  return bar;
}

interface DestructiveOpts {
  dryRun?: boolean;
  yes?: boolean;
}

export function registerCleanupCommands(program: Command) {
  program
    .command('cleanup')
    .description('remove everything whose retention has expired (what the daily cleanup does)')
    .option('--dry-run', 'only count what would be removed')
    .option('--yes', 'do not ask for confirmation')
    .action(async (opts: DestructiveOpts) => {
      await withDatabase(async (ctx) => {
        const due = await countExpiring(ctx, cliActor(), 0);
        process.stdout.write(`Expired: ${describeCounts(due)}.\n`);
        if (opts.dryRun) return;
        await confirm('Remove them for good?', opts.yes);
        const total = due.patients + due.entries + due.images + due.users;
        const bar = progressBar(total);
        const result = await runCleanup(ctx, await storage(), cliActor(), {
          trigger: 'cli',
          onProgress: (stage, r) => bar?.update(r.patients + r.entries + r.images + r.users, { stage }),
        });
        bar?.stop();
        process.stdout.write(`Removed ${describeCounts(result.removed)} (run ${result.runId}).\n`);
        for (const f of result.failures)
          process.stderr.write(`failed: ${f.kind} ${f.id ?? ''}: ${f.message}\n`);
        if (result.failures.length > 0) process.exitCode = 1;
      });
    });

  const deleted = program.command('deleted').description('deleted records waiting for their expiry');
  deleted
    .command('list')
    .description('list deleted patients with their expiry, soonest first')
    .action(async () => {
      const rows = await withDatabase((ctx) => listExpiringPatients(ctx, cliActor()));
      if (rows.length === 0) process.stdout.write('No deleted patients.\n');
      for (const r of rows) {
        process.stdout.write(
          `${r.expires_at ?? 'held'.padEnd(20)}  ${r.id}  ${r.unique_id}  ${r.account_name}  deleted ${r.deleted_at}  reason ${describeReason(r)}${r.held ? `  LEGAL HOLD: ${r.hold_reason ?? ''}` : ''}\n`,
        );
      }
    });
  deleted
    .command('count')
    .description('count the records that expire within a period')
    .requiredOption('--expiring-within <period>', 'days or weeks, like 30d or 4w')
    .action(async (opts: { expiringWithin: string }) => {
      const days = parseDays(opts.expiringWithin);
      if (days === undefined)
        throw new AppError(422, 'invalid_input', 'Give the period in days or weeks, like 30d or 4w.');
      const c = await withDatabase((ctx) => countExpiring(ctx, cliActor(), days));
      process.stdout.write(`Expiring within ${days} days: ${describeCounts(c)}.\n`);
    });
  deleted
    .command('purge')
    .description('remove now one deleted patient, or all deleted patients of one physician')
    .option('--patient <id>', 'the id of a deleted patient')
    .option('--physician <userId>', 'the user who created the deleted patients')
    .option('--dry-run', 'only list what would be removed')
    .option('--yes', 'do not ask for confirmation')
    .action(async (opts: DestructiveOpts & { patient?: string; physician?: string }) => {
      if (Boolean(opts.patient) === Boolean(opts.physician))
        throw new AppError(422, 'invalid_input', 'Give either --patient ID or --physician USER_ID.');
      const target = opts.patient ? { patientId: opts.patient } : { physicianId: opts.physician };
      await withDatabase(async (ctx) => {
        const plan = await purgeDeletedPatients(ctx, await storage(), cliActor(), target, { dryRun: true });
        for (const p of plan.patients) process.stdout.write(`${p.id}  ${p.uniqueId}\n`);
        process.stdout.write(`${plan.patients.length} deleted patients to remove.\n`);
        if (opts.dryRun || plan.patients.length === 0) return;
        await confirm('Remove them for good, before their expiry?', opts.yes);
        const bar = progressBar(plan.patients.length);
        const done = await purgeDeletedPatients(ctx, await storage(), cliActor(), target, {
          onProgress: (n) => bar?.update(n, { stage: 'patients' }),
        });
        bar?.stop();
        const r = done.removed;
        process.stdout.write(
          `Removed ${r.patients} patients, ${r.entries} entries, ${r.images} images, ${r.files} files.\n`,
        );
      });
    });
}
