import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../services/context.ts';
import { createPatient, seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';
import { syntheticPhoto } from './demo.ts';
import { addDemoLesions } from './demo-lesions.ts';

// `vellum demo`'s lesions: each followed over three visits, with like-for-like photos to compare.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Demo Lesion Clinic');
});
afterAll(() => t?.close());

describe('demo lesions', () => {
  it('creates lesions with a dermoscopic and a clinical photo at each of three visits', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'demo-les-1' });
    const u = clinic.clinician;
    const actor: Actor = { userId: u.id, email: u.email, role: u.role, accountId: u.accountId, via: 'cli' };
    const dir = await mkdtemp(path.join(tmpdir(), 'demo-lesions-'));
    try {
      const ctx = { db: t.database.db, clock: t.clock } as Parameters<typeof addDemoLesions>[0];
      await addDemoLesions(ctx, t.storage, actor, p.id, 1, dir, syntheticPhoto);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const get = (url: string) => t.app.inject({ url, headers: u.headers }).then((r) => r.json());
    const lesions = await get(`/api/patients/${p.id}/lesions`);
    expect(lesions.items.map((l: { label: string }) => l.label)).toEqual(['L1', 'L2']);
    for (const lesion of lesions.items) {
      expect(lesion.imageCount).toBe(6);
      const timeline = await get(`/api/lesions/${lesion.id}/images`);
      const dermoscopic = timeline.items.filter(
        (i: { image: { modality: string } }) => i.image.modality === 'dermoscopic',
      );
      expect(dermoscopic).toHaveLength(3);
      // Three visits on three days, each photo placed in its visit's entry.
      const days = new Set(dermoscopic.map((i: { takenAt: string }) => i.takenAt.slice(0, 10)));
      expect(days.size).toBe(3);
      expect(dermoscopic.every((i: { entryDate: string | null }) => i.entryDate !== null)).toBe(true);
    }
    expect((await get(`/api/patients/${p.id}/entries`)).total).toBe(3);
  });
});
