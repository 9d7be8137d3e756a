import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireAccount } from '../access.ts';
import { requireUploadAllowed } from '../consent/consent-status.ts';
import type { Actor, Ctx } from '../context.ts';
import { requireActivePatient } from '../patients/find.ts';
import { storeImage } from './ingest-image.ts';
import { presentImages } from './present.ts';
import { ImageRejected, processImage } from './process-image.ts';

export const MAX_IMAGE_BYTES = 16 * 1024 * 1024;
export const MAX_FILES_PER_UPLOAD = 50;

export interface UploadPart {
  filename: string;
  stream: Readable & { truncated?: boolean };
}

export interface Rejection {
  filename: string;
  code: string;
  message: string;
}

/** Only the last path segment of an uploaded name, without control characters; never a storage path. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const printable = [...base].filter((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f).join('');
  const cleaned = printable.trim().slice(0, 200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'image' : cleaned;
}

/** Checks that the patient can receive images before any byte of the batch is read. */
export async function prepareUpload(ctx: Ctx, actor: Actor, patientId: string) {
  const accountId = requireAccount(actor, 'patients.write');
  await requireActivePatient(ctx.db, accountId, patientId);
  await requireUploadAllowed(ctx.db, accountId, patientId);
  return accountId;
}

/**
 * Takes the files of a batch one at a time as they stream in (never the whole batch in memory):
 * each goes to a temporary file, is checked and processed, and stored or rejected with a reason.
 */
export async function uploadImages(
  ctx: Ctx,
  storage: BlobStore,
  actor: Actor,
  patientId: string,
  parts: AsyncIterable<UploadPart>,
) {
  const accountId = await prepareUpload(ctx, actor, patientId);
  const created = [];
  const rejected: Rejection[] = [];
  const dir = await mkdtemp(path.join(tmpdir(), 'vellum-upload-'));
  try {
    let n = 0;
    for await (const part of parts) {
      const filename = cleanFilename(part.filename);
      const file = path.join(dir, `part-${n++}`);
      await pipeline(part.stream, createWriteStream(file, { mode: 0o600 }));
      if (part.stream.truncated) {
        rejected.push({
          filename,
          code: 'file_too_large',
          message: `The file is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`,
        });
        await rm(file, { force: true });
        continue;
      }
      try {
        const processed = await processImage(file);
        created.push(await storeImage(ctx, storage, actor, accountId, patientId, filename, processed));
      } catch (err) {
        if (!(err instanceof ImageRejected)) throw err;
        rejected.push({ filename, code: err.code, message: err.message });
      } finally {
        await rm(file, { force: true });
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { created: await presentImages(ctx.db, created), rejected };
}
