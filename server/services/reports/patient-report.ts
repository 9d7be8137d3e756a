import { buffer } from 'node:stream/consumers';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { formatDate, formatDateTime } from '../../../shared/dates.ts';
import { entries, images } from '../../db/schema-clinical.ts';
import { notFound } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireAccount } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { requireActiveEntry } from '../entries/find.ts';
import { presentEntries } from '../entries/present.ts';
import { requireActivePatient } from '../patients/find.ts';
import { currentSettings, dateStyleOf } from '../settings.ts';
import { reportLanguage } from './report-texts.ts';

const MARGIN = 48;

/**
 * A PDF of a patient (or one of its entries): header, then each entry with its date and notes and
 * its comparison groups laid side by side from the previews. Every report is audited.
 */
export async function patientReport(
  ctx: Ctx,
  storage: BlobStore,
  actor: Actor,
  patientId: string,
  entryId?: string,
) {
  const accountId = requireAccount(actor, 'patients.read');
  const patient = await requireActivePatient(ctx.db, accountId, patientId);
  if (entryId) {
    const entry = await requireActiveEntry(ctx.db, accountId, entryId);
    if (entry.patientId !== patientId) throw notFound('entry');
  }
  const rows = await ctx.db
    .select()
    .from(entries)
    .where(
      and(
        eq(entries.patientId, patientId),
        isNull(entries.deletedAt),
        entryId ? eq(entries.id, entryId) : undefined,
      ),
    )
    .orderBy(asc(entries.appointmentAt));
  const list = await presentEntries(ctx.db, rows);
  const { texts, dates } = await reportLanguage(ctx.db, actor, dateStyleOf(await currentSettings(ctx)));
  const imageIds = [...new Set(list.flatMap((e) => e.comparisons.flatMap((c) => c.imageIds)))];
  const imageRows = imageIds.length
    ? await ctx.db
        .select()
        .from(images)
        .where(and(inArray(images.id, imageIds), isNull(images.deletedAt)))
    : [];
  const previews = new Map<string, { data: Buffer; caption: string }>();
  for (const img of imageRows) {
    previews.set(img.id, { data: await buffer(await storage.get(img.previewKey)), caption: img.caption });
  }

  // Loaded on first use: the PDF library is large and most server processes never make a report.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: texts.title(patient.uniqueId) },
  });
  const done = buffer(doc);
  const width = doc.page.width - 2 * MARGIN;
  doc.fontSize(18).text(texts.patient(patient.uniqueId));
  const name = [patient.firstName, patient.lastName].filter(Boolean).join(' ');
  doc.fontSize(11).fillColor('#444');
  if (name) doc.text(name);
  if (patient.dateOfBirth) doc.text(texts.born(formatDate(patient.dateOfBirth, dates)));
  doc.text(texts.made(formatDateTime(ctx.clock.now(), dates), dates.timeZone, actor.email));
  doc.fillColor('#000').moveDown();

  if (list.length === 0) doc.fontSize(11).text(texts.noEntries);
  for (const e of list) {
    doc.fontSize(14).text(texts.entry(formatDateTime(e.appointmentAt, dates)));
    if (e.notes) doc.fontSize(10).text(e.notes, { width });
    doc.moveDown(0.5);
    for (const c of e.comparisons) {
      const cell = (width - (c.imageIds.length - 1) * 8) / c.imageIds.length;
      if (doc.y + cell + 40 > doc.page.height - MARGIN) doc.addPage();
      doc.fontSize(11).text(c.name);
      const top = doc.y + 4;
      c.imageIds.forEach((id, i) => {
        const p = previews.get(id);
        if (!p) return;
        const x = MARGIN + i * (cell + 8);
        doc.image(p.data, x, top, { fit: [cell, cell], align: 'center' });
        if (p.caption) doc.fontSize(8).text(p.caption, x, top + cell + 2, { width: cell, align: 'center' });
      });
      doc.x = MARGIN;
      doc.y = top + cell + 18;
    }
    doc.moveDown();
  }
  doc.end();
  const pdf = await done;
  await ctx.db.transaction((tx) =>
    recordAudit(tx, ctx, actor, {
      action: 'report.create',
      targetType: entryId ? 'entry' : 'patient',
      targetId: entryId ?? patientId,
      patientId,
      details: { entries: list.length, bytes: pdf.length },
    }),
  );
  return { pdf, filename: `vellum-${patient.uniqueId}${entryId ? '-entry' : ''}.pdf` };
}
