import { z } from 'zod';
import { AppError } from '../../errors.ts';

// The archive (docs/OPERATIONS.md, "Backups"): a plain tar whose first entry is HEADER_ENTRY (what
// made it, so a wrong or newer archive is refused at once), then db/<table>/<n>.ndjson chunks, then
// files/<key>, then MANIFEST_ENTRY with the size and SHA-256 of every other entry, and last
// SIGNATURE_ENTRY, the manifest signed with the deployment's key (format 2 on). An archive without
// its manifest is incomplete: nothing is trusted until the last entry has been read.

export const FORMAT = 'vellum-backup';
export const FORMAT_VERSION = 2;
export const HEADER_ENTRY = 'vellum-backup.json';
export const MANIFEST_ENTRY = 'manifest.json';
export const SIGNATURE_ENTRY = 'manifest.sig';
export const DB_PREFIX = 'db/';
export const FILES_PREFIX = 'files/';
/** Where the server keeps its own backups in the blob store; never backed up nor restored itself. */
export const BACKUPS_PREFIX = 'backups/';

const schemaVersion = z.object({ tag: z.string(), index: z.number().int() });

export const headerSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.number().int(),
  id: z.string(),
  createdAt: z.string(),
  engine: z.enum(['embedded', 'postgres']),
  schema: schemaVersion,
});
export type BackupHeader = z.infer<typeof headerSchema>;

const entrySchema = z.object({ name: z.string(), size: z.number().int(), sha256: z.string() });
export type ManifestEntry = z.infer<typeof entrySchema>;

const tableSchema = z.object({
  name: z.string(),
  columns: z.array(z.string()),
  rows: z.number().int(),
  chunks: z.number().int(),
});
export type ManifestTable = z.infer<typeof tableSchema>;

export const manifestSchema = headerSchema.extend({
  completedAt: z.string(),
  tables: z.array(tableSchema),
  files: z.object({ count: z.number().int(), bytes: z.number().int() }),
  /** Stored files removed while the backup ran (by the cleanup): listed, not archived. */
  vanishedFiles: z.array(z.string()),
  entries: z.array(entrySchema),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const chunkName = (table: string, n: number) =>
  `${DB_PREFIX}${table}/${String(n).padStart(6, '0')}.ndjson`;

/** A backup id: its creation time and a random part, usable as a storage key and a file name. */
export function backupId(at: Date, random: string): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'z')
    .toLowerCase();
  return `${stamp}-${random}`;
}
export const BACKUP_ID = /^\d{8}t\d{6}z-[0-9a-f]{6,16}$/;

export const unrecognized = (why: string) =>
  new AppError(422, 'backup_unrecognized', `This is not a Vellum backup (${why}).`);
export const incomplete = (why: string) =>
  new AppError(
    422,
    'backup_incomplete',
    `The backup is incomplete (${why}); it was cut short while being written or copied.`,
  );
export const damaged = (why: string, details?: Record<string, unknown>) =>
  new AppError(422, 'backup_damaged', `The backup is damaged: ${why}. Nothing was restored.`, details);

const trustHint =
  'If you trust that deployment, pass its public key (`vellum backup public-key` there prints it): --trust-public-key on the command line, trustPublicKey in the API.';
export const signatureRefused = (
  verdict: { why: 'unsigned' } | { why: 'foreign' | 'altered'; keyId: string },
  ownKeyId: string | undefined,
) => {
  if (verdict.why === 'unsigned') {
    return new AppError(
      422,
      'backup_unsigned',
      'The backup carries no signature (written before backups were signed, or its signature was removed). Nothing was restored. If you know where it comes from, --trust-unsigned accepts it.',
    );
  }
  if (verdict.why === 'foreign') {
    return new AppError(
      422,
      'backup_foreign',
      `The backup was signed by another deployment (key ${verdict.keyId}${ownKeyId ? `; this deployment's key is ${ownKeyId}` : ''}). Nothing was restored. ${trustHint}`,
      { keyId: verdict.keyId },
    );
  }
  return new AppError(
    422,
    'backup_signature_invalid',
    `The backup's manifest does not match its signature (key ${verdict.keyId}): it was altered after it was written. Nothing was restored.`,
    { keyId: verdict.keyId },
  );
};
