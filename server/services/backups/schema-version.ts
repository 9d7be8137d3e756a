import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { paths } from '../../paths.ts';
import type { BackupHeader } from './manifest.ts';

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}

const journalFile = paths.migrationJournal;
let journal: JournalEntry[] | undefined;
/** The migrations this code knows, in order. */
export function knownMigrations(): JournalEntry[] {
  journal ??= (JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: JournalEntry[] }).entries;
  return journal;
}

/**
 * The schema version of a database: the tag of the last migration applied to it. The migrator
 * records each migration by its journal time, which maps back to the tag; a time this code does not
 * know means a newer release migrated the database.
 */
export async function schemaVersionOf(db: Db): Promise<{ tag: string; index: number }> {
  const res = await db.execute(sql`select max(created_at)::text as at from drizzle.__drizzle_migrations`);
  const at = Number((res as unknown as { rows: { at: string | null }[] }).rows[0]?.at ?? 0);
  const known = knownMigrations().find((m) => m.when === at);
  if (!known) {
    throw new AppError(
      409,
      'schema_unknown',
      'This database was migrated by a newer version of Vellum than this one; upgrade Vellum first.',
    );
  }
  return { tag: known.tag, index: known.idx };
}

/**
 * Which archives this deployment can take: the same schema, or an older one whose tables and
 * columns all still exist (later migrations only added; what they added gets its defaults). A
 * newer archive is refused: this code does not know its tables.
 */
export function checkRestorable(archive: BackupHeader['schema'], current: { tag: string; index: number }) {
  const known = knownMigrations().find((m) => m.tag === archive.tag && m.idx === archive.index);
  if (!known || archive.index > current.index) {
    throw new AppError(
      422,
      'backup_schema_newer',
      `The backup was made by a newer version of Vellum (database schema ${archive.tag}; this deployment is at ${current.tag}). Upgrade Vellum, then restore it.`,
      { archiveSchema: archive.tag, deploymentSchema: current.tag },
    );
  }
}
