import type { Actor, Ctx } from '../context.ts';
import { type DestructionRecordJson, readDestructionRecord } from './read-destruction-record.ts';

const COLUMNS = [
  'destruction_record',
  'destroyed_at',
  'trigger',
  'triggered_by',
  'rule',
  'kind',
  'id',
  'unique_id_sha256',
  'original_sha256',
  'preview_sha256',
  'thumbnail_sha256',
  'signature_sha256',
  'sent_to_pacs',
];

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
const field = (v: string | null | undefined) => {
  const s = v ?? '';
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The record as CSV, one line per destroyed record; the same record always gives the same bytes. */
export function destructionCsvOf(record: DestructionRecordJson): string {
  const lines = [COLUMNS.join(',')];
  for (const item of record.items) {
    const hash = (file: string) => item.files.find((f) => f.file === file)?.sha256 ?? '';
    lines.push(
      [
        record.id,
        record.createdAt,
        record.trigger,
        record.triggeredBy,
        record.rule,
        item.kind,
        item.id,
        item.uniqueIdHash,
        hash('original'),
        hash('preview'),
        hash('thumbnail'),
        hash('signature'),
        item.pacs.map((p) => `${p.endpoint} (${p.baseUrl})`).join('; '),
      ]
        .map(field)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The CSV download of one destruction record (super administrators). */
export async function destructionRecordCsv(ctx: Ctx, actor: Actor, id: string) {
  const record = await readDestructionRecord(ctx, actor, id);
  return { csv: destructionCsvOf(record), filename: `destruction-${record.id}.csv` };
}
