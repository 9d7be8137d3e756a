import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

export interface TableColumn {
  name: string;
  type: string;
  /** Generated columns are dumped (for comparison) but never inserted: the database computes them. */
  generated: boolean;
  /** The sequence behind a serial column, set past the restored values. */
  sequence: string | null;
}

export interface TableInfo {
  name: string;
  columns: TableColumn[];
  /** Primary-key columns, in key order: the keyset the dump pages by. */
  key: string[];
  /** Tables this one references (foreign keys), restored before it. */
  references: string[];
}

/**
 * Every table of the application's schema, read from the database's own catalog (so tables that a
 * migration adds are backed up without a change here), parents before children.
 */
export async function readTables(db: Db): Promise<TableInfo[]> {
  const res = await db.execute(sql`
    select c.relname as name,
      (select json_agg(json_build_object(
          'name', a.attname,
          'type', format_type(a.atttypid, a.atttypmod),
          'generated', a.attgenerated <> '',
          'sequence', pg_get_serial_sequence(quote_ident(c.relname), a.attname)
        ) order by a.attnum)
       from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
      (select coalesce(json_agg(a.attname order by array_position(i.indkey::int2[], a.attnum)), '[]')
       from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
       where i.indrelid = c.oid and i.indisprimary) as key,
      (select coalesce(json_agg(distinct f.relname), '[]')
       from pg_constraint k join pg_class f on f.oid = k.confrelid
       where k.conrelid = c.oid and k.contype = 'f' and k.confrelid <> c.oid) as refs
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by c.relname`);
  const rows = (
    res as unknown as { rows: { name: string; columns: TableColumn[]; key: string[]; refs: string[] }[] }
  ).rows;
  return dependencyOrder(
    rows.map((r) => ({ name: r.name, columns: r.columns, key: r.key, references: r.refs })),
  );
}

/** Parents first; ties by name, so the order (and the archive) is the same on every engine. */
function dependencyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const ordered: TableInfo[] = [];
  while (ordered.length < tables.length) {
    const ready = tables.filter(
      (t) => !done.has(t.name) && t.references.every((r) => done.has(r) || !byName.has(r)),
    );
    // A reference cycle cannot be ordered; take the rest by name (foreign keys are checked at commit).
    const next = ready.length > 0 ? ready : tables.filter((t) => !done.has(t.name));
    for (const t of next) {
      done.add(t.name);
      ordered.push(t);
    }
  }
  return ordered;
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
