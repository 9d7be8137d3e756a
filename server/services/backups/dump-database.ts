import { type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { quoteIdent, readTables, type TableInfo } from './catalog.ts';
import { chunkName, type ManifestTable } from './manifest.ts';
import { schemaVersionOf } from './schema-version.ts';

/** Rows per archive chunk and per query: small, so the embedded server's other work gets turns. */
export const CHUNK_ROWS = 1000;

export interface DumpHooks {
  /** Called once the snapshot is taken, with the schema version and row count (for progress). */
  onSnapshot: (schema: { tag: string; index: number }, rows: number) => Promise<void>;
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
      );
      const dumped: ManifestTable[] = [];
      for (const table of tables) {
        let chunks = 0;
        let rows = 0;
        for await (const page of pages(tx, table)) {
          chunks++;
          rows += page.length;
          await hooks.emit(chunkName(table.name, chunks), Buffer.from(`${page.join('\n')}\n`));
          hooks.onRows(page.length);
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

/** Keyset pages in primary-key order (ctid order for a table without one: stable in a snapshot). */
async function* pages(tx: Tx, table: TableInfo): AsyncGenerator<string[]> {
  const types = new Map(table.columns.map((c) => [c.name, c.type]));
  const key = table.key.length > 0 ? table.key : ['ctid'];
  const keyTypes = key.map((k) => (k === 'ctid' ? 'tid' : (types.get(k) ?? 'text')));
  const keyList = key.map(quoteIdent).join(', ');
  const selectKey = key.map((k, i) => `t.${quoteIdent(k)}::text as k${i}`).join(', ');
  const from = `public.${quoteIdent(table.name)} t`;
  let last: string[] | undefined;
  for (;;) {
    let where: SQL = sql``;
    if (last) {
      const values = sql.join(
        last.map((v, i) => sql`${v}::${sql.raw(keyTypes[i] ?? 'text')}`),
        sql`, `,
      );
      where = sql`where (${sql.raw(key.map((k) => `t.${quoteIdent(k)}`).join(', '))}) > (${values})`;
    }
    const rows = rowsOf<Record<string, string>>(
      await tx.execute(
        sql`select row_to_json(t)::text as j, ${sql.raw(selectKey)} from ${sql.raw(from)} ${where} order by ${sql.raw(keyList)} limit ${CHUNK_ROWS}`,
      ),
    );
    if (rows.length === 0) return;
    yield rows.map((r) => r.j as string);
    const end = rows[rows.length - 1] as Record<string, string>;
    last = key.map((_, i) => end[`k${i}`] as string);
    if (rows.length < CHUNK_ROWS) return;
  }
}
