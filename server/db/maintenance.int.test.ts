import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPatient, seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';
import { maintainEmbedded } from './maintenance.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const reltuples = async () =>
  Number((await t.database.raw(`select reltuples from pg_class where relname = 'patients'`))[0]?.reltuples);

describe('embedded database maintenance', () => {
  it.runIf(!process.env.DATABASE_URL)(
    'gives the embedded planner statistics it would otherwise never have',
    async () => {
      const clinic = await seedAccount(t, 'Stats Clinic');
      for (let i = 0; i < 5; i++) await createPatient(t, clinic.clinician, { uniqueId: `stat-${i}` });
      expect(await reltuples()).toBe(-1); // never analyzed: single-user mode has no autovacuum
      expect(await maintainEmbedded(t.database, 'analyze')).toBe(true);
      expect(await reltuples()).toBe(5);
      expect(await maintainEmbedded(t.database, 'vacuum')).toBe(true);
    },
  );

  it.runIf(Boolean(process.env.DATABASE_URL))(
    'leaves a PostgreSQL server to its own autovacuum',
    async () => {
      expect(await maintainEmbedded(t.database, 'analyze')).toBe(false);
    },
  );
});
