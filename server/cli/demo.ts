import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { and, eq, isNull } from 'drizzle-orm';
import sharp from 'sharp';
import { loadConfig } from '../config.ts';
import { users } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { findAccountByName } from '../services/accounts.ts';
import type { Actor } from '../services/context.ts';
import { createEntry, updateEntry } from '../services/entries/entry-use-cases.ts';
import { storeImage } from '../services/images/ingest-image.ts';
import { processImage } from '../services/images/process-image.ts';
import { createPatient } from '../services/patients/create-patient.ts';
import { openStorage } from '../storage/open-storage.ts';
import { addDemoLesions } from './demo-lesions.ts';
import { withDatabase } from './with-database.ts';

const FIRST = [
  'Ada',
  'Ben',
  'Cleo',
  'Dan',
  'Eva',
  'Finn',
  'Greta',
  'Hugo',
  'Iris',
  'Jon',
  'Kira',
  'Leo',
  'Mara',
  'Nils',
];
const LAST = [
  'Alvarez',
  'Berg',
  'Chen',
  'Dubois',
  'Evans',
  'Fischer',
  'Garcia',
  'Hansen',
  'Ito',
  'Jensen',
  'Khan',
];

/** A synthetic close-up: a skin tone with a few darker spots, different for every seed. */
export async function syntheticPhoto(seed: number): Promise<Buffer> {
  const rnd = (n: number) => ((seed * 9301 + n * 49297) % 233280) / 233280;
  const tone = {
    r: 190 + Math.floor(rnd(1) * 50),
    g: 140 + Math.floor(rnd(2) * 40),
    b: 110 + Math.floor(rnd(3) * 40),
  };
  const spots = Array.from({ length: 3 + Math.floor(rnd(4) * 5) }, (_, i) => {
    const cx = Math.floor(rnd(10 + i) * 1200);
    const cy = Math.floor(rnd(20 + i) * 900);
    const r = 10 + Math.floor(rnd(30 + i) * 60);
    return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="rgb(${tone.r - 70},${tone.g - 70},${tone.b - 60})" opacity="0.8"/>`;
  }).join('');
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900">${spots}</svg>`);
  return sharp({ create: { width: 1200, height: 900, channels: 3, background: tone } })
    .composite([{ input: svg }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

export function registerDemoCommand(program: Command) {
  program
    .command('demo')
    .description(
      'fill an account with synthetic patients, entries, lesions followed over three visits and generated images',
    )
    .option('--patients <n>', 'how many patients', '25')
    .option('--account <name>', 'the account to fill (it must exist and have an admin or clinician)')
    .action(async (opts: { patients: string; account?: string }) => {
      const count = Number(opts.patients);
      if (!Number.isInteger(count) || count < 1 || count > 100_000) {
        throw new AppError(422, 'invalid_input', '--patients must be a whole number from 1 to 100000.');
      }
      if (!opts.account)
        throw new AppError(422, 'invalid_input', 'Name the account to fill with --account NAME.');
      const config = loadConfig();
      const storage = await openStorage(config.storage);
      const dir = await mkdtemp(path.join(tmpdir(), 'vellum-demo-'));
      try {
        await withDatabase(async (ctx) => {
          const account = await findAccountByName(ctx.db, opts.account ?? '');
          if (!account) throw new AppError(404, 'not_found', `No account named "${opts.account}".`);
          const [user] = await ctx.db
            .select()
            .from(users)
            .where(and(eq(users.accountId, account.id), isNull(users.deletedAt)));
          if (!user) throw new AppError(404, 'not_found', 'The account has no user to act as.');
          const actor: Actor = {
            userId: user.id,
            email: user.email,
            role: 'clinician',
            accountId: account.id,
            via: 'cli',
            ip: 'local',
          };
          const bar = new SingleBar({ format: 'demo [{bar}] {value}/{total} patients', hideCursor: true });
          bar.start(count, 0);
          const stamp = Date.now().toString(36).slice(-4);
          for (let i = 0; i < count; i++) {
            const patient = await createPatient(ctx, actor, {
              uniqueId: `demo-${stamp}-${i}`,
              firstName: FIRST[i % FIRST.length],
              lastName: LAST[(i * 7) % LAST.length],
              dateOfBirth: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 9}`,
            });
            const imageIds: string[] = [];
            for (let k = 0; k < 2 + (i % 3); k++) {
              const file = path.join(dir, `p${i}-${k}.jpg`);
              await writeFile(file, await syntheticPhoto(i * 10 + k));
              const processed = await processImage(file);
              const row = await storeImage(
                ctx,
                storage,
                actor,
                account.id,
                patient.id,
                `photo-${k + 1}.jpg`,
                processed,
              );
              imageIds.push(row.id);
            }
            const entry = await createEntry(ctx, actor, patient.id, {
              appointmentAt: new Date(ctx.clock.now().getTime() - (i % 365) * 86_400_000),
              notes: 'Synthetic demo visit: follow-up of pigmented lesions.',
            });
            await updateEntry(ctx, actor, entry.id, {
              workspaceImageIds: imageIds,
              comparisons: [{ name: 'Before / after', imageIds: imageIds.slice(0, 2) }],
            });
            await addDemoLesions(ctx, storage, actor, patient.id, i, dir, syntheticPhoto);
            bar.increment();
          }
          bar.stop();
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      process.stdout.write(`Added ${count} synthetic patients to "${opts.account}".\n`);
    });
}
