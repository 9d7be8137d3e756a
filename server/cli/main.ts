import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../config.ts';
import { DataDirBusyError } from '../db/data-dir-lock.ts';
import { AppError } from '../errors.ts';
import { registerAccountCommands } from './accounts.ts';
import { registerAuditCommands } from './audit.ts';
import { registerBackupCommands } from './backup.ts';
import { registerCleanupCommands } from './cleanup.ts';
import { registerClientCommands } from './clients.ts';
import { registerDbCommands } from './db.ts';
import { registerDemoCommand } from './demo.ts';
import { registerDicomCommands } from './dicom.ts';
import { registerUserCommands } from './users.ts';

const program = new Command()
  .name('vellum')
  .description('Vellum: clinical photography and patient records.')
  .showHelpAfterError()
  .exitOverride();

program
  .command('serve')
  .description('start the server (embedded database in VELLUM_DATA_DIR, or DATABASE_URL)')
  .action(async () => {
    const { serve } = await import('../main.ts');
    await serve(loadConfig());
  });

program
  .command('setup-code')
  .description('print the first-run setup code the web app asks for (while no user exists)')
  .action(async () => {
    const { setupStatus, currentSetupCode } = await import('../services/setup.ts');
    const { withDatabase } = await import('./with-database.ts');
    const line = await withDatabase(async (ctx) =>
      (await setupStatus(ctx)).needed ? currentSetupCode() : undefined,
    );
    if (!line) throw new AppError(409, 'already_set_up', 'This deployment already has users: no setup code.');
    process.stdout.write(`${line}\n`);
  });

registerDbCommands(program);
registerUserCommands(program);
registerAccountCommands(program);
registerClientCommands(program);
registerDemoCommand(program);
registerCleanupCommands(program);
registerBackupCommands(program);
registerDicomCommands(program);
registerAuditCommands(program);

/** Exit codes: 0 done, 1 refused or failed (with a message), 2 wrong usage. */
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  if (err instanceof AppError) {
    const fields = (err.details?.fields ?? {}) as Record<string, string>;
    const extra = Object.entries(fields)
      .filter(([, m]) => m !== err.message)
      .map(([k, m]) => `\n  ${k}: ${m}`)
      .join('');
    process.stderr.write(`error (${err.code}): ${err.message}${extra}\n`);
  } else if (err instanceof ConfigError || err instanceof DataDirBusyError) {
    process.stderr.write(`error: ${err.message}\n`);
  } else {
    process.stderr.write(`error: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
}
