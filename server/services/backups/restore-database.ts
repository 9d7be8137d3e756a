import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { rederiveDeletionStarted } from '../account-deletion/marker.ts';
import { refreshAllActivityExpiry } from '../lifecycle/activity-expiry.ts';
import { announceSettingsChanged } from '../settings-cache.ts';
import { quoteIdent, readTables, type TableInfo } from './catalog.ts';
import { DB_PREFIX, type Manifest } from './manifest.ts';

const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;

/** Nothing to lose: no account, no user, no patient. A restore over anything else needs confirming. */
export async function deploymentIsEmpty(db: Db): Promise<boolean> {
  const [row] = rowsOf<{ n: string }>(
    await db.execute(sql`select ((select count(*) from accounts) + (select count(*) from users)
      + (select count(*) from patients))::text as n`),
  );
  return Number(row?.n ?? 0) === 0;
}

/**
 * Columns a later migration replaced by something derived again after the load: an older archive's
 * values for them are left out, and `rederive` recomputes the replacement from the restored rows.
 */
const RETIRED: Record<
  string,
  { columns: string[]; replacedBy: string; rederive: (tx: Tx) => Promise<void> }
> = {
  // 0008: the expiry of activity became derived from the deletion time it counts from.
  audit_events: { columns: ['expires_at'], replacedBy: 'expiry_base', rederive: refreshAllActivityExpiry },
  // 0012: an account being deleted became a column instead of the existence of its deletion event.
  accounts: { columns: [], replacedBy: 'deletion_started_at', rederive: rederiveDeletionStarted },
};

interface Plan {
  table: TableInfo;
  /** The archive's columns that are inserted: all of them but generated ones. */
  insert: string[];
}

/**
 * Loads an archive's rows into the database inside the caller's transaction: every table emptied,
 * its user triggers switched off (the archive holds what they would derive, exactly), the rows
 * inserted chunk by chunk, parents first, and the serial sequences moved past the restored values.
 */
export class DatabaseLoader {
  private plans = new Map<string, Plan>();
  private tables: TableInfo[] = [];
  rows = 0;

  constructor(
    private readonly tx: Tx,
    private readonly manifest: Manifest,
  ) {}

  /** Refuses an archive whose tables or columns this schema no longer has, before anything changes. */
  static async plan(db: Db, manifest: Manifest): Promise<void> {
    planFor(await readTables(db), manifest);
  }

  async begin(): Promise<void> {
    this.tables = await readTables(this.tx);
    this.plans = planFor(this.tables, this.manifest);
    const all = this.tables.map((t) => `public.${quoteIdent(t.name)}`).join(', ');
    for (const t of this.tables) {
      await this.tx.execute(sql.raw(`alter table public.${quoteIdent(t.name)} disable trigger user`));
    }
    await this.tx.execute(sql.raw(`truncate table ${all} restart identity`));
    // The settings row is replaced with the archive's: every instance's cached copy goes on commit.
    await announceSettingsChanged(this.tx);
  }

  /** One `db/<table>/<n>.ndjson` entry: its lines go in with one statement. */
  async chunk(name: string, data: Buffer): Promise<void> {
    const table = name.slice(DB_PREFIX.length, name.lastIndexOf('/'));
    const plan = this.plans.get(table);
    if (!plan)
      throw new AppError(422, 'backup_damaged', `The backup holds rows of an unknown table ${table}.`);
    const lines = data.toString('utf8').split('\n').filter(Boolean);
    if (lines.length === 0) return;
    const cols = plan.insert.map(quoteIdent).join(', ');
    const target = `public.${quoteIdent(table)}`;
    await this.tx.execute(
      sql`insert into ${sql.raw(`${target} (${cols})`)} select ${sql.raw(cols)} from json_populate_recordset(null::${sql.raw(target)}, ${`[${lines.join(',')}]`}::json)`,
    );
    this.rows += lines.length;
  }

  async end(): Promise<void> {
    for (const t of this.tables) {
      for (const c of t.columns.filter((c) => c.sequence)) {
        await this.tx.execute(
          sql.raw(
            `select setval('${c.sequence}', coalesce((select max(${quoteIdent(c.name)}) from public.${quoteIdent(t.name)}), 0) + 1, false)`,
          ),
        );
      }
      await this.tx.execute(sql.raw(`alter table public.${quoteIdent(t.name)} enable trigger user`));
    }
    for (const archived of this.manifest.tables) {
      const retired = RETIRED[archived.name];
      if (retired && !archived.columns.includes(retired.replacedBy)) await retired.rederive(this.tx);
    }
  }
}

function planFor(tables: TableInfo[], manifest: Manifest): Map<string, Plan> {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const plans = new Map<string, Plan>();
  for (const archived of manifest.tables) {
    const table = byName.get(archived.name);
    const columns = new Map(table?.columns.map((c) => [c.name, c]));
    const retired = RETIRED[archived.name]?.columns ?? [];
    const lost = archived.columns.filter((c) => !columns.has(c) && !retired.includes(c));
    if (!table || lost.length > 0) {
      throw new AppError(
        422,
        'backup_schema_mismatch',
        table
          ? `This version of Vellum no longer has the column ${archived.name}.${lost[0]} of the backup; restore it with the version that made it.`
          : `This version of Vellum no longer has the table ${archived.name} of the backup; restore it with the version that made it.`,
      );
    }
    const insert = archived.columns.filter((c) => columns.has(c) && !columns.get(c)?.generated);
    plans.set(archived.name, { table, insert });
  }
  return plans;
}
