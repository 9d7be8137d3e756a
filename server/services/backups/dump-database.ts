import { type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { quoteIdent, readTables, type TableInfo } from './catalog.ts';
import { chunkName, type ManifestTable } from './manifest.ts';
import { schemaVersionOf } from './schema-version.ts';

/** Rows per archive chunk and per query: small, so the embedded server's other work gets turns. */
export const CHUNK_ROWS = 1000;

export interface DumpHooks {
  /**
   * Called once the snapshot is taken, with the schema version, the row count (for progress) and
   * the snapshot's transaction, for reads that must see the same moment.
   */
  onSnapshot: (schema: { tag: string; index: number }, rows: number, tx: Tx) => Promise<void>;
  emit: (name: string, data: Buffer) => Promise<void>;
  onRows: (rows: number) => void;
}

const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;

/**
 * A portable logical dump: every table, parents first, as NDJSON chunks of `row_to_json` (the same
 * text on the embedded database and on PostgreSQL), read in key order in pages of CHUNK_ROWS inside
 * ONE read-only repeatable-read transaction, so all tables come from the same moment.
 */
export async function dumpDatabase(db: Db, hooks: DumpHooks) {
  return db.transaction(
    async (tx) => {
      // Timestamps as UTC text, whatever the server's time zone: dumps compare equal across engines.
      await tx.execute(sql`set local timezone = 'UTC'`);
      const schema = await schemaVersionOf(tx);
      const tables = await readTables(tx);
      const counts = await countRows(tx, tables);
      await hooks.onSnapshot(
        schema,
        [...counts.values()].reduce((a, b) => a + b, 0),
        tx,
      );
      const dumped: ManifestTable[] = [];
      for (const table of tables) {
        let chunks = 0;
        let rows = 0;
        for await (const { body, n } of pages(tx, table)) {
          chunks++;
          rows += n;
          await hooks.emit(chunkName(table.name, chunks), Buffer.from(`${body}\n`));
          hooks.onRows(n);
        }
        dumped.push({ name: table.name, columns: table.columns.map((c) => c.name), rows, chunks });
      }
      return dumped;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

async function countRows(tx: Tx, tables: TableInfo[]) {
  const counts = new Map<string, number>();
  for (const t of tables) {
    const [row] = rowsOf<{ n: string }>(
      await tx.execute(sql.raw(`select count(*)::text as n from public.${quoteIdent(t.name)}`)),
    );
    counts.set(t.name, Number(row?.n ?? 0));
  }
  return counts;
}

/**
 * Keyset pages in primary-key order (ctid order for a table without one: stable in a snapshot).
 * A page comes back as one text value (its NDJSON) and its last key: one row per query, not a
 * thousand, which is most of the cost on the embedded engine.
 */
async function* pages(tx: Tx, table: TableInfo): AsyncGenerator<{ body: string; n: number }> {
  const types = new Map(table.columns.map((c) => [c.name, c.type]));
  const key = table.key.length > 0 ? table.key : ['ctid'];
  const keyTypes = key.map((k) => (k === 'ctid' ? 'tid' : (types.get(k) ?? 'text')));
  const ks = key.map((_, i) => `k${i}`);
  const selectKey = key.map((k, i) => `t.${quoteIdent(k)} as k${i}`).join(', ');
  const order = key.map((k) => `t.${quoteIdent(k)}`).join(', ');
  const from = `public.${quoteIdent(table.name)} t`;
  let last: string[] | undefined;
  for (;;) {
    let where: SQL = sql``;
    if (last) {
      const values = sql.join(
        last.map((v, i) => sql`${v}::${sql.raw(keyTypes[i] ?? 'text')}`),
        sql`, `,
      );
      where = sql`where (${sql.raw(order)}) > (${values})`;
    }
    const [row] = rowsOf<{ body: string | null; n: number; last: string | null }>(
      await tx.execute(sql`with page as (
          select row_to_json(t)::text as j, ${sql.raw(selectKey)} from ${sql.raw(from)} ${where}
          order by ${sql.raw(order)} limit ${CHUNK_ROWS})
        select string_agg(j, E'\n' order by ${sql.raw(ks.join(', '))}) as body, count(*)::int as n,
          (select json_build_array(${sql.raw(ks.map((k) => `${k}::text`).join(', '))})::text from page
           order by ${sql.raw(ks.map((k) => `${k} desc`).join(', '))} limit 1) as last
        from page`),
    );
    const n = Number(row?.n ?? 0);
    if (!row?.body || n === 0) return;
    yield { body: row.body, n };
    last = JSON.parse(row.last ?? '[]') as string[];
    if (n < CHUNK_ROWS) return;
  }
}
