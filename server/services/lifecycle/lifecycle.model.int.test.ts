import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeJpeg } from '../../testing/fixtures.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../../testing/harness.ts';
import { LifecycleModel } from '../../testing/lifecycle-model.ts';
import { firstPatient, lifecycleCommands, type Real } from '../../testing/lifecycle-model-commands.ts';

// PRODUCT.md §6 as a property: random sequences of creating, deleting and recovering patients,
// entries and images, changing the policy and the retention period, moving the clock and running
// the cleanup, each step compared with a small reference model (server/testing/lifecycle-model.ts).
// One app and database serve every sequence; each sequence has its own unique-ID prefix and starts
// from the default settings at the same instant. CI runs 500 sequences; VELLUM_MODEL_RUNS sets it.

const RUNS = Number(process.env.VELLUM_MODEL_RUNS ?? (process.env.CI === 'true' ? 500 : 50));
const START = Date.parse('2026-01-01T09:30:00Z');

let t: TestApp;
let clinician: TestUser;
let root: TestUser;
let accountId: string;
let jpegs: Buffer[];
let sequence = 0;

beforeAll(async () => {
  t = await startTestApp();
  const clinic = await seedAccount(t, 'Model Clinic');
  clinician = clinic.clinician;
  accountId = clinic.account.id;
  root = await createSuperAdmin(t);
  jpegs = await Promise.all([
    makeJpeg(8, 6, { r: 200, g: 10, b: 10 }),
    makeJpeg(6, 8, { r: 10, g: 200, b: 10 }),
  ]);
});
afterAll(() => t?.close());

it(
  'answers every step of random deletion, recovery, retention and cleanup sequences as the model says',
  async () => {
    await fc.assert(
      fc.asyncProperty(
        firstPatient,
        fc.commands(lifecycleCommands, { maxCommands: 14 }),
        async (first, commands) => {
          const prefix = `m${String(sequence++).padStart(5, '0')}-`;
          const setup = async () => {
            t.clock.set(new Date(START));
            const reset = await t.app.inject({
              method: 'PATCH',
              url: '/api/settings',
              headers: root.headers,
              payload: { deletionPolicy: 'recoverable', retentionMonths: 120, confirmReduction: true },
            });
            expect(reset.statusCode, reset.body).toBe(200);
            const real: Real = { t, clinician, root, accountId, prefix, jpegs, nextUniqueId: 0 };
            return { model: new LifecycleModel(START), real };
          };
          await fc.asyncModelRun(setup, [first, ...commands]);
        },
      ),
      { numRuns: RUNS },
    );
  },
  30 * 60_000,
);

it('leaves no stored file whose record is gone, after all those sequences', async () => {
  const rows = await t.database.raw(
    `select original_key as k from images union all select preview_key from images
     union all select thumbnail_key from images
     union all select signature_key from consents where signature_key is not null`,
  );
  const keys = new Set(rows.map((row) => String(row.k)));
  const files = readdirSync(t.storage.root, { recursive: true })
    .map(String)
    .filter((f) => /\.(jpg|png|webp|gif|avif)$/.test(f));
  expect(files.filter((f) => !keys.has(f))).toEqual([]);
  expect(files.length).toBe(keys.size);
});
