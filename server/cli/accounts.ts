import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { deleteAccountPhrase } from '../domain/confirmation.ts';
import { AppError, notFound } from '../errors.ts';
import { deleteAccount } from '../services/account-deletion/delete-account.ts';
import { findAccountByName } from '../services/accounts.ts';
import { cliActor } from '../services/context.ts';
import { LocalDiskStore } from '../storage/local-disk.ts';
import { withDatabase } from './with-database.ts';

// PRODUCT.md §6 "Account deletion" for the operator; the same use case as DELETE /api/accounts/{id}.

/** On a terminal the operator types the phrase itself; without one, --yes stands for it. */
async function typedPhrase(phrase: string, yes: boolean | undefined): Promise<string> {
  if (yes) return phrase;
  if (!process.stdin.isTTY) {
    throw new AppError(422, 'confirmation_required', 'Not a terminal: add --yes to confirm.');
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(
    `This removes the account and everything in it for good. Type "${phrase}" to go ahead: `,
  );
  rl.close();
  return answer;
}

export function registerAccountCommands(program: Command) {
  const accountsCmd = program.command('accounts').description('manage accounts (practices)');
  accountsCmd
    .command('delete')
    .description('delete an account for good, with every record, file, user and log entry of it')
    .requiredOption('--name <name>', 'the account name')
    .option('--yes', 'do not ask for confirmation')
    .action(async (opts: { name: string; yes?: boolean }) => {
      await withDatabase(async (ctx) => {
        const account = await findAccountByName(ctx.db, opts.name);
        if (!account) throw notFound('account');
        const typed = await typedPhrase(deleteAccountPhrase(account.name), opts.yes);
        const storage = new LocalDiskStore(path.join(loadConfig().dataDir, 'files'));
        const { deleted: d } = await deleteAccount(ctx, storage, cliActor(), account.id, typed);
        process.stdout.write(
          `Deleted account ${account.name}: ${d.patients} patients, ${d.entries} entries, ${d.images} images, ` +
            `${d.users} users, ${d.files} files, ${d.logs} log events.\n`,
        );
      });
    });
}
