import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { PREVIEW_EDGE, THUMBNAIL_EDGE } from '../server/services/images/process-image.ts';
import { uploadImages } from '../server/services/images/upload-images.ts';
import { createPatient } from '../server/services/patients/create-patient.ts';
import { LocalDiskStore } from '../server/storage/local-disk.ts';
import { benchClinician } from './clinician.ts';
import { type BenchDatabase, openPrepared } from './database.ts';

export interface IngestResult {
  files: number;
  megapixels: number;
  averageBytes: number;
  vellumPerSecond: number;
  sharpPerSecond: number;
  ratio: number;
}

/** A camera-like 12-megapixel JPEG: smooth gradients with sensor noise, so it compresses realistically. */
export async function cameraJpeg(seed: number): Promise<Buffer> {
  const width = 4000;
  const height = 3000;
  const base = sharp({
    create: {
      width,
      height,
      channels: 3 as const,
      background: '#000',
      noise: { type: 'gaussian' as const, mean: 120 + (seed % 20), sigma: 18 },
    },
  });
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><radialGradient id="g"><stop offset="0" stop-color="#d9a28a"/><stop offset="1" stop-color="#7a4a3a"/></radialGradient></defs><rect width="100%" height="100%" fill="url(#g)" opacity="0.7"/><circle cx="${1000 + seed * 37}" cy="1500" r="300" fill="#5a2e22" opacity="0.6"/></svg>`,
  );
  return base
    .composite([{ input: svg }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** What bare sharp does for the same files: decode once per rendition, thumbnail and preview. */
async function bareSharp(file: string) {
  const base = sharp(file).autoOrient();
  await Promise.all([
    base.clone().resize(PREVIEW_EDGE, PREVIEW_EDGE, { fit: 'inside' }).jpeg({ quality: 82 }).toBuffer(),
    base.clone().resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: 'inside' }).jpeg({ quality: 75 }).toBuffer(),
  ]);
}

/**
 * Image ingest: Vellum's whole upload path (stream to a temporary file, check by content, strip
 * metadata, preview and thumbnail, database row, version, audit event, three stored files) against
 * bare sharp making the same thumbnail and preview from the same files, in the same run.
 */
export async function imageIngest(bench: BenchDatabase, files: number, rounds = 3): Promise<IngestResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vellum-ingest-'));
  const database = await openPrepared(bench);
  try {
    const paths: string[] = [];
    let bytes = 0;
    for (let i = 0; i < files; i++) {
      const data = await cameraJpeg(i);
      bytes += data.length;
      const file = path.join(dir, `camera-${i}.jpg`);
      await writeFile(file, data);
      paths.push(file);
    }
    const { ctx, actor } = await benchClinician(database, 'Ingest');
    const storage = new LocalDiskStore(path.join(dir, 'files'));
    let vellumMs = 0;
    let sharpMs = 0;
    // Alternate the two, so that drift in the machine's state touches both alike.
    for (let round = 0; round <= rounds; round++) {
      const patient = await createPatient(ctx, actor, { uniqueId: `ingest-${round}` });
      const t0 = performance.now();
      const parts = (async function* () {
        for (const p of paths) yield { filename: path.basename(p), stream: createReadStream(p) };
      })();
      const result = await uploadImages(ctx, storage, actor, patient.id, parts);
      if (result.created.length !== files)
        throw new Error(`ingest rejected files: ${JSON.stringify(result.rejected)}`);
      const t1 = performance.now();
      for (const p of paths) await bareSharp(p);
      const t2 = performance.now();
      if (round > 0) {
        vellumMs += t1 - t0;
        sharpMs += t2 - t1;
      }
    }
    const vellumPerSecond = (files * rounds) / (vellumMs / 1000);
    const sharpPerSecond = (files * rounds) / (sharpMs / 1000);
    return {
      files,
      megapixels: 12,
      averageBytes: bytes / files,
      vellumPerSecond,
      sharpPerSecond,
      ratio: vellumPerSecond / sharpPerSecond,
    };
  } finally {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  }
}
