import { createHash, randomUUID } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { DestructionTrigger } from '../../db/schema-ops.ts';
import { retentionText } from '../../domain/retention.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import type { Actor } from '../context.ts';
import { destructionSalt } from '../evidence/deployment-keys.ts';

/**
 * A destruction record being written (PRODUCT.md §6): every removal for good adds the records it
 * destroys to one, in the same transaction as their rows go, so whatever a crash interrupts, each
 * removed record is named in exactly one destruction record. The header is written with the first
 * batch, so a run that destroys nothing leaves no record.
 */
export interface Destruction {
  id: string;
  at: Date;
  trigger: DestructionTrigger;
  triggeredBy: string;
  triggeredById: string | null;
  rule: string;
  accountId: string | null;
  cleanupRunId: string | null;
}

/** A new destruction record for one operation; `actor` null for the server's own removals. */
export function openDestruction(
  at: Date,
  trigger: DestructionTrigger,
  actor: Actor | null,
  rule: string,
  extra: { accountId?: string | null; cleanupRunId?: string | null } = {},
): Destruction {
  const by = !actor
    ? 'Vellum'
    : actor.via === 'system'
      ? 'scheduled cleanup'
      : actor.via === 'cli'
        ? 'operator (command line)'
        : actor.email;
  return {
    id: randomUUID(),
    at,
    trigger,
    triggeredBy: by,
    triggeredById: actor && actor.via !== 'system' && actor.via !== 'cli' ? actor.userId : null,
    rule,
    accountId: extra.accountId ?? null,
    cleanupRunId: extra.cleanupRunId ?? null,
  };
}

/** The rule of a removal at expiry, in words. */
export const retentionRule = (months: number) => `retention period ${retentionText(months)} (expired)`;

/** The record of a Permanent deletion, when the caller names none. */
export const permanentDeletion = (at: Date) =>
  openDestruction(at, 'permanent_deletion', null, 'deletion policy Permanent');

const header = (d: Destruction) => sql`
  insert into destruction_records (id, created_at, trigger, triggered_by, triggered_by_id, rule, account_id, cleanup_run_id)
  values (${d.id}, ${d.at.toISOString()}, ${d.trigger}, ${d.triggeredBy}, ${d.triggeredById}, ${d.rule},
    ${d.accountId}, ${d.cleanupRunId})
  on conflict (id) do nothing`;

const within = (col: SQL, ids: string[]): SQL => (ids.length ? sql`${col} in ${ids}` : sql`false`);

export interface DestroyedIds {
  patientIds: string[];
  entryIds: string[];
  imageIds: string[];
  lesionIds: string[];
  consentIds: string[];
}

/**
 * Names a removal batch's records in the destruction record, before their rows go (same
 * transaction): the patient's unique ID as SHA-256 of the salt and the ID, the files' hashes
 * (stored at upload, else `computed` while removing: key → hash), and the PACS an image was sent to.
 */
export async function recordDestroyed(
  tx: Db,
  d: Destruction,
  ids: DestroyedIds,
  computed: Record<string, string>,
): Promise<void> {
  const named = [ids.patientIds, ids.entryIds, ids.imageIds, ids.lesionIds, ids.consentIds];
  if (named.every((list) => list.length === 0)) return;
  const salt = destructionSalt().toString('hex');
  const hashed = sql`encode(sha256(decode(${salt}::text, 'hex') || convert_to(p.unique_id, 'UTF8')), 'hex')`;
  const known = JSON.stringify(computed);
  const file = (name: string, stored: SQL, key: SQL) =>
    sql`jsonb_build_object('file', ${name}::text, 'sha256', coalesce(${stored}, ${known}::jsonb ->> ${key}))`;
  await tx.execute(header(d));
  await tx.execute(sql`
    insert into destruction_record_items (record_id, kind, item_id, unique_id_hash, files, pacs)
    select ${d.id}::uuid, 'image', i.id, ${hashed},
      jsonb_build_array(${file('original', sql`i.sha256`, sql`i.original_key`)},
        ${file('preview', sql`i.preview_sha256`, sql`i.preview_key`)},
        ${file('thumbnail', sql`i.thumbnail_sha256`, sql`i.thumbnail_key`)}),
      (select jsonb_agg(distinct jsonb_build_object('endpoint', s.endpoint_name, 'baseUrl', s.base_url))
        from dicom_sends s where s.image_id = i.id)
    from images i join patients p on p.id = i.patient_id where ${within(sql`i.id`, ids.imageIds)}
    union all
    select ${d.id}::uuid, 'entry', e.id, ${hashed}, '[]'::jsonb, null
    from entries e join patients p on p.id = e.patient_id where ${within(sql`e.id`, ids.entryIds)}
    union all
    select ${d.id}::uuid, 'lesion', l.id, ${hashed}, '[]'::jsonb, null
    from lesions l join patients p on p.id = l.patient_id where ${within(sql`l.id`, ids.lesionIds)}
    union all
    select ${d.id}::uuid, 'consent', c.id, ${hashed},
      case when c.signature_key is null then '[]'::jsonb
        else jsonb_build_array(${file('signature', sql`null::text`, sql`c.signature_key`)}) end, null
    from consents c join patients p on p.id = c.patient_id where ${within(sql`c.id`, ids.consentIds)}
    union all
    select ${d.id}::uuid, 'patient', p.id, ${hashed}, '[]'::jsonb, null
    from patients p where ${within(sql`p.id`, ids.patientIds)}
    on conflict do nothing`);
}

/** Names users removed for good in the destruction record (same transaction as their removal). */
export async function recordDestroyedUsers(tx: Db, d: Destruction, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await tx.execute(header(d));
  await tx.execute(sql`
    insert into destruction_record_items (record_id, kind, item_id, unique_id_hash, files, pacs)
    select ${d.id}::uuid, 'user', u.id, null, '[]'::jsonb, null
    from (values ${sql.join(
      userIds.map((id) => sql`(${id}::uuid)`),
      sql`, `,
    )}) as u(id)
    on conflict do nothing`);
}

/**
 * SHA-256 of stored files whose hash was not kept at upload, read just before they are removed.
 * A file already gone (a removal that a crash interrupted) has no hash to give.
 */
export async function hashStoredFiles(storage: BlobStore, keys: string[]): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  const queue = [...keys];
  const worker = async () => {
    for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
      const data = await storage.read(key).catch(() => null);
      if (data) hashes[key] = createHash('sha256').update(data).digest('hex');
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, keys.length) }, worker));
  return hashes;
}
