import type { Database } from '../server/db/client.ts';
import { API_TOKEN_PREFIX, newSecret, secretHash } from '../server/services/tokens.ts';
import { FIRST_NAMES, LAST_NAMES, TAG_CATEGORIES } from './names.ts';

/**
 * Set-based seeding of one account with N patients: every row comes out of
 * `insert … select … from generate_series`, in chunks so that progress can be shown. Values are
 * derived from hashes of the row number, so a given N always gives the same data.
 */

export const TAG_COUNT = TAG_CATEGORIES.reduce((n, c) => n + c.tags.length, 0);

/** The id of the k-th tag (0-based, in TAG_CATEGORIES order). */
export const tagIdSql = (k: string) => `md5('bench-tag-' || (${k}))::uuid`;
export const patientIdSql = (i: string) => `md5('bench-patient-' || (${i}))::uuid`;
/** The unique ID of patient i: "p" and 7 digits, a permutation of the row numbers (i < 10,000,000). */
export const uniqueIdSql = (i: string) => `'p' || lpad(((${i})::bigint * 7919 % 10000000)::text, 7, '0')`;

/** The time the seeded data treats as now; appointments and modifications lie in the 5 years before it. */
export const SEED_NOW = '2026-01-01T00:00:00Z';

/** A uniform number in [0, 2^31) from the row number and a salt. */
const h = (salt: string) => `(hashtext('${salt}' || g.i)::bigint & 2147483647)`;
/** A uniform number in [0, 1). */
const u = (salt: string) => `(${h(salt)}::float8 / 2147483648)`;
const pick = (list: string[], index: string) =>
  `(array[${list.map((s) => `'${s.replace(/'/g, "''")}'`).join(',')}])[1 + (${index})]`;

const FIVE_YEARS_S = 5 * 365 * 86_400;

function patientInsert(accountId: string, userId: string, from: number, to: number): string {
  const nameBucket = `${h('nb')} % 1000`;
  const first = pick(FIRST_NAMES, `${h('fn')} % ${FIRST_NAMES.length}`);
  // Last names are skewed like real ones: the first in the list is the most common.
  const last = pick(LAST_NAMES, `floor(${LAST_NAMES.length} * power(${u('ln')}, 1.3))::int`);
  const modified = `timestamptz '${SEED_NOW}' - make_interval(secs => ${h('mod')} % ${FIVE_YEARS_S})`;
  return `
    insert into patients (id, account_id, unique_id, version, first_name, last_name, date_of_birth, sex,
      email, phone, address, note, image_count, entry_count, last_appointment_at, last_modified_at,
      created_at, created_by, deleted_at, deleted_by, deletion_kind)
    select id, '${accountId}', unique_id, version, first_name, last_name, date_of_birth, sex,
      case when ${h('em')} % 10 < 7 then lower(translate(coalesce(first_name, 'x') || '.' || coalesce(last_name, 'y'), ' ''', '')) || g.i || '@example.org' end,
      case when ${h('ph')} % 10 < 8 then '+44 7700 ' || lpad((${h('pn')} % 1000000)::text, 6, '0') end,
      case when ${h('ad')} % 2 = 0 then (1 + ${h('an')} % 200) || ' ' || ${pick(['High Street', 'Station Road', 'Church Lane', 'Mill Road', 'Park Avenue'], `${h('st')} % 5`)} || ', ' || ${pick(['Leeds', 'York', 'Bristol', 'Oxford', 'Cardiff', 'Bath'], `${h('tw')} % 6`)} end,
      case when ${h('no')} % 10 = 0 then 'Referred by GP; see letter of ' || to_char(modified, 'YYYY-MM-DD') end,
      case when ${h('ic')} % 4 = 0 then 0 else floor(120 * power(${u('iv')}, 2))::int end,
      case when ${h('ec')} % 10 = 0 then 0 else 1 + floor(40 * power(${u('ev')}, 2))::int end,
      case when ${h('ap')} % 100 < 15 then null
        else timestamptz '${SEED_NOW}' - make_interval(secs => ${h('apt')} % ${FIVE_YEARS_S}) end,
      modified,
      modified - make_interval(secs => ${h('cr')} % ${2 * 365 * 86_400}),
      '${userId}',
      case when deleted then modified + interval '1 hour' end,
      case when deleted then '${userId}'::uuid end,
      case when deleted then 'individual' end
    from (
      select g.i,
        ${patientIdSql('g.i')} as id,
        ${uniqueIdSql('g.i')} as unique_id,
        1 + ${h('v')} % 3 as version,
        case when ${nameBucket} < 25 then null else ${first} end as first_name,
        case when ${nameBucket} < 5 or (${nameBucket} >= 25 and ${nameBucket} < 35) then null else ${last} end as last_name,
        date '1930-01-01' + (${h('dob')} % 33000)::int as date_of_birth,
        ${pick(['female', 'male', 'female', 'male', 'other', 'unknown'], `${h('sx')} % 6`)} as sex,
        ${modified} as modified,
        ${h('del')} % 100 < 2 as deleted
      from generate_series(${from}, ${to}) as g(i)
    ) g`;
}

/** 0 to 4 tags per patient (2 on average before duplicates), skewed towards the first tags. */
function patientTagInsert(accountId: string, from: number, to: number): string {
  return `
    insert into patient_tags (patient_id, tag_id, account_id)
    select distinct ${patientIdSql('g.i')}, ${tagIdSql(`floor(${TAG_COUNT} * power((hashtext('t' || s.j || '-' || g.i)::bigint & 2147483647)::float8 / 2147483648, 1.5))::int`)}, '${accountId}'::uuid
    from generate_series(${from}, ${to}) as g(i), generate_series(1, 4) as s(j)
    where s.j <= ${h('tc')} % 5`;
}

/** Effective tags = own tags of active patients (there are no entries or images yet). */
function effectiveTagInsert(from: number, to: number): string {
  return `
    insert into patient_effective_tags (patient_id, tag_id, account_id)
    select pt.patient_id, pt.tag_id, pt.account_id
    from generate_series(${from}, ${to}) as g(i)
    join patient_tags pt on pt.patient_id = ${patientIdSql('g.i')}
    join patients p on p.id = pt.patient_id and p.deleted_at is null`;
}

/** Each tagged patient's sorted tag set (the triggers count the sets in account_tag_sets). */
function tagSetUpdate(from: number, to: number): string {
  return `
    update patients p set effective_tag_set = s.tag_ids
    from (
      select et.patient_id, array_agg(et.tag_id order by et.tag_id) as tag_ids
      from generate_series(${from}, ${to}) as g(i)
      join patient_effective_tags et on et.patient_id = ${patientIdSql('g.i')}
      group by et.patient_id
    ) s
    where p.id = s.patient_id`;
}

export interface Seeded {
  accountId: string;
  userId: string;
  /** A bearer API token of an admin of the account. */
  token: string;
  tagIds: string[];
  patients: number;
}

export interface SeedOptions {
  /**
   * Gather statistics while seeding and VACUUM (ANALYZE) at the end, as autovacuum does on
   * PostgreSQL. The embedded database has no autovacuum: false shows it as it is when nothing
   * ever analyses it.
   */
  analyze: boolean;
  progress?: (done: number) => void;
}

export async function seed(
  database: Database,
  patients: number,
  { analyze, progress = () => {} }: SeedOptions,
): Promise<Seeded> {
  if (patients >= 10_000_000) throw new Error('the seed supports fewer than 10,000,000 patients');
  const [acc] = await database.raw(`select md5('bench-account')::uuid as id`);
  const accountId = String(acc?.id);
  const userId = String((await database.raw(`select md5('bench-user')::uuid as id`))[0]?.id);
  const created = `timestamptz '${SEED_NOW}' - interval '6 years'`;
  await database.raw(`insert into accounts (id, name, created_at) values ($1, 'Bench clinic', ${created})`, [
    accountId,
  ]);
  await database.raw(
    `insert into users (id, account_id, email, password_hash, role, created_at)
     values ($1, $2, 'admin@bench.test', 'not-a-password-hash', 'admin', ${created})`,
    [userId, accountId],
  );
  const token = newSecret(API_TOKEN_PREFIX);
  await database.raw(
    `insert into api_tokens (id, user_id, name, token_hash, created_at)
     values (md5('bench-token')::uuid, $1, 'bench', $2, ${created})`,
    [userId, secretHash(token)],
  );
  const tagIds: string[] = [];
  for (const [c, category] of TAG_CATEGORIES.entries()) {
    const categoryId = `md5('bench-category-${c}')::uuid`;
    await database.raw(
      `insert into tag_categories (id, account_id, name, color, created_at) values (${categoryId}, $1, $2, $3, ${created})`,
      [accountId, category.name, category.color],
    );
    for (const name of category.tags) {
      const k = tagIds.length;
      const [row] = await database.raw(
        `insert into tags (id, account_id, category_id, name, created_at)
         values (${tagIdSql(String(k))}, $1, ${categoryId}, $2, ${created}) returning id`,
        [accountId, name],
      );
      tagIds.push(String(row?.id));
    }
  }
  const chunk = 100_000;
  for (let from = 1; from <= patients; from += chunk) {
    const to = Math.min(patients, from + chunk - 1);
    await database.raw(patientInsert(accountId, userId, from, to));
    await database.raw(patientTagInsert(accountId, from, to));
    // Statistics as autovacuum would keep them while the tables grow.
    if (analyze) await database.raw('analyze patients, patient_tags');
    await database.raw(effectiveTagInsert(from, to));
    await database.raw(tagSetUpdate(from, to));
    progress(to);
  }
  // A settled table, as autovacuum leaves it on PostgreSQL: statistics and the visibility map.
  if (analyze) await database.raw('vacuum (analyze)');
  return { accountId, userId, token, tagIds, patients };
}
