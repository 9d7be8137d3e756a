import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { ImageUploadFields } from '../../../shared/schemas/clinical.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireAccount } from '../access.ts';
import { requireUploadAllowed } from '../consent/consent-status.ts';
import type { Actor, Ctx } from '../context.ts';
import { assertLesionOfPatient } from '../lesions/find.ts';
import { requireActivePatient } from '../patients/find.ts';
import { storeImage } from './ingest-image.ts';
import { presentImages } from './present.ts';
import { ImageRejected, processImage } from './process-image.ts';

export const MAX_IMAGE_BYTES = 16 * 1024 * 1024;
export const MAX_FILES_PER_UPLOAD = 50;
/** Parts read from one request at all (the rest are refused together, as one last rejection). */
export const MAX_PARTS_READ = 1000;

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

/** How many files of a batch are processed at once: one stored while the next is decoded. */
const PROCESSING_AHEAD = 2;

interface Processing {
  filename: string;
  file: string;
  outcome: Promise<{ processed: Awaited<ReturnType<typeof processImage>> } | { error: unknown }>;
}

/**
 * Takes the files of a batch as they stream in (never the whole batch in memory): each goes to a
 * temporary file, is checked and processed, and stored or rejected with a reason, in upload order.
 * The next file is decoded while one is being stored, so the decoder keeps working while the
 * database and the disk commit the one before. A target (lesion, modality) applies to every image.
 */
export async function uploadImages(
  ctx: Ctx,
  storage: BlobStore,
  actor: Actor,
  patientId: string,
  parts: AsyncIterable<UploadPart>,
  target: ImageUploadFields = {},
) {
  const accountId = await prepareUpload(ctx, actor, patientId);
  // A lesion of another patient or account, or a deleted one, refuses the batch before any file.
  if (target.lesionId) await assertLesionOfPatient(ctx.db, accountId, patientId, target.lesionId);
  const created: Awaited<ReturnType<typeof storeImage>>[] = [];
  const rejected: Rejection[] = [];
  const pending: Processing[] = [];
  const dir = await mkdtemp(path.join(tmpdir(), 'vellum-upload-'));
  const settle = async (item: Processing) => {
    const outcome = await item.outcome;
    try {
      if ('processed' in outcome) {
        created.push(
          await storeImage(
            ctx,
            storage,
            actor,
            accountId,
            patientId,
            item.filename,
            outcome.processed,
            target,
          ),
        );
      } else if (outcome.error instanceof ImageRejected) {
        rejected.push({ filename: item.filename, code: outcome.error.code, message: outcome.error.message });
      } else {
        throw outcome.error;
      }
    } finally {
      await rm(item.file, { force: true });
    }
  };
  try {
    let n = 0;
    for await (const part of parts) {
      const filename = cleanFilename(part.filename);
      // Past the limit a file is read to its end and refused in place: the batch's answer still
      // lists what was stored, so a client never retries files that were kept.
      if (n >= MAX_FILES_PER_UPLOAD) {
        n++;
        part.stream.resume();
        await finished(part.stream);
        rejected.push({
          filename,
          code: 'too_many_files',
          message: `At most ${MAX_FILES_PER_UPLOAD} files per upload: send this one in another.`,
        });
        continue;
      }
      const file = path.join(dir, `part-${n++}`);
      await pipeline(part.stream, createWriteStream(file, { mode: 0o600 }));
      // A file cut off at the size limit is refused in its place in the batch's order.
      const outcome = part.stream.truncated
        ? Promise.resolve({
            error: new ImageRejected(
              'file_too_large',
              `The file is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`,
            ),
          })
        : processImage(file).then(
            (processed) => ({ processed }),
            (error: unknown) => ({ error }),
          );
      pending.push({ filename, file, outcome });
      if (pending.length >= PROCESSING_AHEAD) await settle(pending.shift() as Processing);
    }
    while (pending.length) await settle(pending.shift() as Processing);
  } finally {
    // Nothing may still be reading a temporary file when the folder goes.
    await Promise.all(pending.map((item) => item.outcome));
    await rm(dir, { recursive: true, force: true });
  }
  return { created: await presentImages(ctx.db, created), rejected };
}
