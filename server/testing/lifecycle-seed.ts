import type { Database } from '../db/client.ts';
import { API_TOKEN_PREFIX, newSecret, secretHash } from '../services/tokens.ts';

// The seeded files' bytes ('seed', written by writeImageFiles) and their SHA-256, kept as an upload keeps it.
const SEED_SHA256 = '19b25856e1c150ca834cffc8b59b23adbd0ec0389e58eb22b3b64768098d002b';

import type { BlobStore } from '../storage/blob-store.ts';

// Set-based seeding of deleted and active clinical records with stored files, for the cleanup crash
// test and the cleanup benchmarks: rows come from generate_series (fast on both databases), files
// are written through the blob store. Ids are md5 of a group tag and the row number, so each group
// can be found again by its tag.

export interface RecordGroup {
  /** Lower-case letters and digits; names the group's ids and unique IDs. */
  tag: string;
  patients: number;
  /** When the patients (and, by cascade, their entries and images) were deleted; null: active. */
  deletedAt: string | null;
  entriesPerPatient: number;
  imagesPerPatient: number;
  /** Extra images of each patient deleted on their own at this time (for active patients). */
  looseImages?: { perPatient: number; deletedAt: string };
}

export const groupPatientId = (tag: string, i: string) => `md5('${tag}-p-' || (${i}))::uuid`;
const CHUNK = 50_000;

/** An account with a super administrator and a clinician, each with an API token. */
export async function seedAccountWithTokens(database: Database, name: string) {
  const [row] = await database.raw(
    `select gen_random_uuid() as a, gen_random_uuid() as r, gen_random_uuid() as c`,
  );
  const ids = { account: String(row?.a), root: String(row?.r), clinician: String(row?.c) };
  const at = '2014-01-01T00:00:00Z';
  await database.raw(`insert into accounts (id, name, created_at) values ($1, $2, $3)`, [
    ids.account,
    name,
    at,
  ]);
  const tokens: Record<string, string> = {};
  for (const [who, accountId, role] of [
    ['root', null, 'super-admin'],
    ['clinician', ids.account, 'clinician'],
  ] as const) {
    const id = ids[who];
    await database.raw(
      `insert into users (id, account_id, email, password_hash, role, created_at)
       values ($1, $2, $3, 'not-a-password-hash', $4, $5)`,
      [id, accountId, `${who}-${id.slice(0, 8)}@seed.test`, role, at],
    );
    tokens[who] = newSecret(API_TOKEN_PREFIX);
    await database.raw(
      `insert into api_tokens (id, user_id, name, token_hash, created_at) values (gen_random_uuid(), $1, 'seed', $2, $3)`,
      [id, secretHash(tokens[who] ?? ''), at],
    );
  }
  return { accountId: ids.account, rootId: ids.root, clinicianId: ids.clinician, tokens };
}

/** Inserts the group's patients, entries and images (no files yet); returns how many rows of each. */
export async function insertGroup(database: Database, accountId: string, userId: string, g: RecordGroup) {
  const del =
    g.deletedAt === null ? 'null::timestamptz' : `timestamptz '${g.deletedAt}' + g.i * interval '1 ms'`;
  const kind = (k: string) => (g.deletedAt === null ? 'null' : `'${k}'`);
  const by = g.deletedAt === null ? 'null' : `'${userId}'::uuid`;
  const pid = groupPatientId(g.tag, 'g.i');
  const active = g.deletedAt === null;
  for (let from = 1; from <= g.patients; from += CHUNK) {
    const to = Math.min(g.patients, from + CHUNK - 1);
    const series = `generate_series(${from}, ${to}) as g(i)`;
    await database.raw(`
      insert into patients (id, account_id, unique_id, entry_count, image_count, last_modified_at, created_at,
        created_by, deleted_at, deleted_by, deletion_kind, deletion_root_id)
      select ${pid}, '${accountId}', '${g.tag}-' || g.i, ${active ? g.entriesPerPatient : 0},
        ${active ? g.imagesPerPatient : 0}, timestamptz '2014-06-01', timestamptz '2014-06-01', '${userId}',
        ${del}, ${by}, ${kind('individual')}, ${g.deletedAt === null ? 'null' : pid}
      from ${series}`);
    if (g.entriesPerPatient > 0) {
      await database.raw(`
        insert into entries (id, account_id, patient_id, appointment_at, created_at, last_modified_at,
          deleted_at, deleted_by, deletion_kind, deletion_root_id)
        select md5('${g.tag}-e-' || g.i || '-' || k)::uuid, '${accountId}', ${pid}, timestamptz '2014-06-01',
          timestamptz '2014-06-01', timestamptz '2014-06-01', ${del}, ${by}, ${kind('cascade')},
          ${g.deletedAt === null ? 'null' : pid}
        from ${series}, generate_series(1, ${g.entriesPerPatient}) as k`);
    }
    const images = (salt: string, per: number, deletedAt: string, deletion: string, root: string) =>
      database.raw(`
        insert into images (id, account_id, patient_id, filename, content_type, width, height, byte_size, sha256,
          preview_sha256, thumbnail_sha256, uploaded_at, original_key, preview_key, thumbnail_key, last_modified_at,
          deleted_at, deleted_by, deletion_kind, deletion_root_id)
        select id, '${accountId}', ${pid}, 'seed.jpg', 'image/jpeg', 1, 1, 4, 'seed', '${SEED_SHA256}', '${SEED_SHA256}', timestamptz '2014-06-01',
          'accounts/${accountId}/images/' || id || '/original.jpg',
          'accounts/${accountId}/images/' || id || '/preview.jpg',
          'accounts/${accountId}/images/' || id || '/thumbnail.jpg',
          timestamptz '2014-06-01', ${deletedAt}, ${deletedAt === 'null' ? 'null' : `'${userId}'::uuid`},
          ${deletion}, ${root}
        from (select g.i, md5('${g.tag}-${salt}-' || g.i || '-' || k)::uuid as id
              from ${series}, generate_series(1, ${per}) as k) g`);
    if (g.imagesPerPatient > 0) {
      await images('i', g.imagesPerPatient, del, kind('cascade'), g.deletedAt === null ? 'null' : pid);
    }
    if (g.looseImages) {
      const at = `timestamptz '${g.looseImages.deletedAt}' + g.i * interval '1 ms'`;
      await images('l', g.looseImages.perPatient, at, `'individual'`, 'id');
    }
  }
}

/** Writes a tiny file for every stored key of the account's images, some at a time. */
export async function writeImageFiles(database: Database, storage: BlobStore, accountId: string) {
  const rows = await database.raw(
    `select original_key as a, preview_key as b, thumbnail_key as c from images where account_id = $1`,
    [accountId],
  );
  const keys = rows.flatMap((r) => [String(r.a), String(r.b), String(r.c)]);
  const bytes = Buffer.from('seed');
  const AT_ONCE = 64;
  for (let i = 0; i < keys.length; i += AT_ONCE) {
    await Promise.all(keys.slice(i, i + AT_ONCE).map((k) => storage.put(k, bytes)));
  }
  return keys.length;
}
