import type { Command } from 'commander';
import { and, eq, isNull } from 'drizzle-orm';
import { loadConfig } from '../config.ts';
import { patients } from '../db/schema.ts';
import { dicomEndpoints } from '../db/schema-dicom.ts';
import { AppError, notFound } from '../errors.ts';
import { isUuid } from '../services/access.ts';
import { findAccountByName } from '../services/accounts.ts';
import { type Actor, cliActor } from '../services/context.ts';
import { sendToPacs } from '../services/dicom/send-dicom.ts';
import { openStorage } from '../storage/open-storage.ts';
import { withDatabase } from './with-database.ts';

interface SendOpts {
  patient: string;
  to: string;
  account?: string;
  entry?: string;
}

/**
 * The operator sending for a practice: acts inside the patient's account with a clinician's
 * rights, and is logged as the command line (no user).
 */
const operatorFor = (accountId: string): Actor => ({ ...cliActor(), role: 'clinician', accountId });

export function registerDicomCommands(program: Command) {
  const dicom = program.command('dicom').description('DICOM: send to a PACS (docs/DICOM.md)');
  dicom
    .command('send')
    .description("send a patient's images (or one entry's) to a DICOMweb endpoint of its account")
    .requiredOption('--patient <id>', "the patient's id, or its unique ID with --account")
    .requiredOption('--to <name>', 'the endpoint name, as configured in the Manager')
    .option('--account <name>', "the practice account's name (needed with a unique ID)")
    .option('--entry <id>', 'only this entry')
    .action(async (opts: SendOpts) => {
      const config = loadConfig();
      await withDatabase(async (ctx) => {
        let accountId: string | undefined;
        if (opts.account) {
          accountId = (await findAccountByName(ctx.db, opts.account))?.id;
          if (!accountId) throw notFound('account');
        }
        const byId = isUuid(opts.patient);
        if (!byId && !accountId)
          throw new AppError(422, 'account_required', 'Name the account (--account) with a unique ID.');
        const [patient] = await ctx.db
          .select({ id: patients.id, accountId: patients.accountId })
          .from(patients)
          .where(
            and(
              byId ? eq(patients.id, opts.patient) : eq(patients.uniqueId, opts.patient.toLowerCase()),
              accountId ? eq(patients.accountId, accountId) : undefined,
              isNull(patients.deletedAt),
            ),
          );
        if (!patient) throw notFound('patient');
        const [endpoint] = await ctx.db
          .select({ id: dicomEndpoints.id })
          .from(dicomEndpoints)
          .where(and(eq(dicomEndpoints.accountId, patient.accountId), eq(dicomEndpoints.name, opts.to)));
        if (!endpoint) throw notFound('endpoint');
        const storage = await openStorage(config.storage);
        const result = await sendToPacs(
          { ctx, storage, config: config.dicom },
          operatorFor(patient.accountId),
          patient.id,
          { endpointId: endpoint.id, ...(opts.entry ? { entryId: opts.entry } : {}) },
        );
        for (const r of result.results) {
          process.stdout.write(
            r.status === 'sent'
              ? `sent    image ${r.imageId} as ${r.sopInstanceUid}\n`
              : `FAILED  image ${r.imageId}: ${r.error}\n`,
          );
        }
        process.stdout.write(`${result.sent} sent, ${result.failed} failed to ${result.endpoint.name}.\n`);
        if (result.failed > 0) process.exitCode = 1;
      });
    });
}
