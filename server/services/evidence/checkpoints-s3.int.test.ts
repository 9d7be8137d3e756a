import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointSignatureOk, parseCheckpoint } from '../../domain/checkpoint.ts';
import { S3Store } from '../../storage/s3.ts';
import { storedBackup } from '../../testing/backups.ts';
import {
  createPatient,
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../../testing/harness.ts';
import { type LocalS3, startLocalS3 } from '../../testing/s3.ts';
import type { EvidenceReport } from './check-evidence.ts';
import { checkpointFile } from './checkpoint-log.ts';
import { writeCheckpoint } from './write-checkpoint.ts';

// With files in an S3-compatible store (a real s3rver on 127.0.0.1), every checkpoint is also an
// object under audit-checkpoints/: someone who empties the data dir's checkpoint file and cuts the
// chain's tail is still caught by the copies in the bucket.

let s3: LocalS3;
let t: TestApp<S3Store>;
let root: TestUser;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  s3 = await startLocalS3();
  const options = s3.options('site-1/');
  t = await startTestApp(
    { storage: { kind: 's3', ...options, endpoint: options.endpoint, credentials: options.credentials } },
    new S3Store(options),
  );
  const app = t as unknown as TestApp;
  clinic = await seedAccount(app, 'Bucket Clinic');
  root = await createSuperAdmin(app);
  for (const uniqueId of ['s3-1', 's3-2', 's3-3']) await createPatient(app, clinic.clinician, { uniqueId });
});
afterAll(async () => {
  await t?.close();
  await s3?.close();
});

/** The checkpoints as another instance on the same bucket reads them. */
async function bucketCheckpoints() {
  const other = new S3Store(s3.options('site-1/'));
  const objects = await other.list('audit-checkpoints/');
  return Promise.all(objects.map(async (o) => parseCheckpoint((await other.read(o.key)).toString('utf8'))));
}

const head = async () => Number((await t.database.raw('select max(seq) as seq from audit_events'))[0]?.seq);

async function verify(): Promise<EvidenceReport> {
  const res = await t.app.inject({ method: 'GET', url: '/api/admin/audit/verify', headers: root.headers });
  expect(res.statusCode).toBe(200);
  return res.json() as EvidenceReport;
}

describe('checkpoints in the object store', () => {
  it('copies each checkpoint, signed, to the bucket', async () => {
    const written = await writeCheckpoint({ db: t.database.db, clock: t.clock }, t.evidence);
    const copies = await bucketCheckpoints();
    const copy = copies.find((c) => c?.signature === written.signature);
    expect(copy).toMatchObject({ seq: await head(), hash: written.hash, kind: 'head' });
    expect(
      checkpointSignatureOk(copy as NonNullable<typeof copy>, t.evidence.keys.signing.publicKeyPem),
    ).toBe(true);
  });

  it('writes one at every backup too', async () => {
    const before = (await bucketCheckpoints()).length;
    await storedBackup(t);
    const after = await bucketCheckpoints();
    expect(after.length).toBe(before + 1);
    expect(Math.max(...after.map((c) => c?.seq ?? 0))).toBe(await head());
  });

  it('catches a cut tail from the bucket alone when the checkpoint file is gone', async () => {
    const intact = await verify();
    expect(intact).toMatchObject({ intact: true, firstProblem: null });
    expect(intact.checked.checkpointSources).toEqual(['file', 'object-store']);
    rmSync(checkpointFile(t.config.dataDir));
    const last = await head();
    await t.database.raw('delete from audit_events where seq >= $1', [last - 1]);
    expect(await verify()).toMatchObject({
      intact: false,
      firstProblem: { seq: last - 1, kind: 'tail_missing' },
    });
  });
});
