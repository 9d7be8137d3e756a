import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { verifyAuditEvidence } from '../services/audit-read.ts';
import { cliActor } from '../services/context.ts';
import type { EvidenceReport } from '../services/evidence/check-evidence.ts';
import { openEvidence } from '../services/evidence/evidence.ts';
import { openStorage } from '../storage/open-storage.ts';
import { withDatabase } from './with-database.ts';

/** `vellum audit verify`: the chain against the audit key and every checkpoint; exit 1 when not intact. */
export function registerAuditCommands(program: Command) {
  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('check the audit chain against its key and the signed checkpoints outside the database')
    .option('--json', 'print the whole answer as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      const evidence = openEvidence(config, await openStorage(config.storage));
      const report = await withDatabase((ctx) => verifyAuditEvidence(ctx, cliActor(), evidence));
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
      if (!report.intact) process.exitCode = 1;
    });
}

function describe(r: EvidenceReport): string {
  const c = r.checked;
  const lines = [
    `Checked ${r.events} events: links under the audit key from event ${c.keyedFrom ?? '-'} on (${c.unkeyedEvents} older unkeyed), numbering without gaps, ${c.redactedEvents} redactions sealed by this deployment, ${c.checkpoints} signed checkpoints (${c.checkpointSources.join(', ')}).`,
    r.firstProblem
      ? `PROBLEM (${r.firstProblem.kind}) at event ${r.firstProblem.seq ?? '-'}: ${r.firstProblem.message}`
      : 'OK: the chain is intact and matches every checkpoint.',
    r.lastGoodCheckpoint
      ? `Last good checkpoint: event ${r.lastGoodCheckpoint.seq} at ${r.lastGoodCheckpoint.at}.`
      : 'No checkpoint holds yet.',
  ];
  return `${lines.join('\n')}\n`;
}
