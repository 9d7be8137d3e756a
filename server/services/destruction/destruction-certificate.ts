import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import type { Actor, Ctx } from '../context.ts';
import { destructionCsvOf } from './destruction-csv.ts';
import { type DestructionRecordJson, readDestructionRecord } from './read-destruction-record.ts';

const MARGIN = 48;
// Items listed one by one on the certificate; beyond that it points to the CSV (its hash is printed).
const LISTED = 500;

const TRIGGER_WORDS: Record<DestructionRecordJson['trigger'], string> = {
  cleanup: 'the cleanup of expired records',
  retention_cut: 'a confirmed cut of the retention period',
  retention_raise: 'a raise of the retention period (records already expired)',
  expunge: 'an expunge',
  purge: 'a manual purge',
  account_deletion: 'an account deletion',
  permanent_deletion: 'a deletion under the Permanent policy',
};

const when = (iso: string) => `${iso.slice(0, 19).replace('T', ' ')} UTC`;

/**
 * A PDF certificate of one destruction record: what was destroyed, when, by whom or what, under
 * which rule, with the SHA-256 of the record's CSV so the two can be checked against each other.
 * It says what Vellum cannot reach: backups taken before, and copies sent to a PACS.
 */
export async function destructionCertificate(ctx: Ctx, actor: Actor, id: string) {
  const record = await readDestructionRecord(ctx, actor, id);
  const csvHash = createHash('sha256').update(destructionCsvOf(record)).digest('hex');
  // Loaded on first use: the PDF library is large and most server processes never make a PDF.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: `Certificate of destruction ${id}` },
  });
  const done = buffer(doc);
  const c = record.counts;
  doc.fontSize(18).text('Certificate of destruction');
  doc.moveDown(0.5).fontSize(10);
  doc.text(`Record ${record.id}`);
  doc.text(`Destroyed: ${when(record.createdAt)}, by ${TRIGGER_WORDS[record.trigger]}`);
  doc.text(`Triggered by: ${record.triggeredBy}`);
  doc.text(`Rule: ${record.rule}`);
  if (record.accountId) doc.text(`Account: ${record.accountId}`);
  doc.text(
    `Destroyed for good: ${c.patients} patients, ${c.entries} entries, ${c.images} images, ${c.lesions} lesions, ${c.consents} consents, ${c.users} users; ${c.files} stored files.`,
  );
  doc.moveDown(0.5);
  doc.text(
    "Patients are named by the SHA-256 of this deployment's salt followed by their unique ID, so this record proves destruction without keeping the identifier.",
  );
  doc.moveDown(0.5);
  doc.text(
    'Backups taken before this destruction still hold these records until they are rotated out of the backup schedule or deleted.',
  );
  const sent = record.items.filter((i) => i.pacs.length > 0);
  if (sent.length > 0) {
    const where = [...new Set(sent.flatMap((i) => i.pacs.map((p) => `${p.endpoint} (${p.baseUrl})`)))];
    doc.moveDown(0.5);
    doc.text(
      `${sent.length} of these images had been sent to a PACS (${where.join(', ')}); the copies there are outside Vellum's reach and must be removed there.`,
    );
  }
  doc.moveDown(0.5);
  doc.text(`SHA-256 of this record's CSV: ${csvHash}`);
  doc.text(`Certificate made ${when(ctx.clock.now().toISOString())} by ${actor.email}`);
  doc.moveDown();
  doc.fontSize(12).text('Destroyed records');
  doc.fontSize(7);
  for (const item of record.items.slice(0, LISTED)) {
    const files = item.files.map((f) => `${f.file} ${f.sha256 ?? '(already gone)'}`).join('; ');
    doc.text(
      `${item.kind} ${item.id}${item.uniqueIdHash ? `  unique ID hash ${item.uniqueIdHash}` : ''}${files ? `  ${files}` : ''}${item.pacs.length ? '  sent to a PACS' : ''}`,
    );
  }
  if (record.items.length > LISTED)
    doc.fontSize(9).text(`… and ${record.items.length - LISTED} more, listed in the CSV of this record.`);
  doc.end();
  return { pdf: await done, filename: `destruction-${record.id}.pdf` };
}
