import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openForCommand } from '../runtime.ts';

// Everything under the data dir is for Vellum's own user: 0700 folders, 0600 files, the embedded
// database's files (its WAL holds names and notes) included, and what an older version left.
const dir = mkdtempSync(path.join(tmpdir(), 'vellum-private-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function walk(target: string, out: { path: string; mode: number; dir: boolean }[] = []) {
  const s = statSync(target);
  out.push({ path: target, mode: s.mode & 0o777, dir: s.isDirectory() });
  if (s.isDirectory()) for (const name of readdirSync(target)) walk(path.join(target, name), out);
  return out;
}

describe('the data dir', () => {
  it('holds only 0700 folders and 0600 files once the embedded database opened', async () => {
    // Left by an older version: world-readable and world-writable.
    mkdirSync(path.join(dir, 'images', 'ab'), { recursive: true, mode: 0o755 });
    chmodSync(path.join(dir, 'images'), 0o755);
    writeFileSync(path.join(dir, 'images', 'ab', 'old.jpg'), 'x', { mode: 0o666 });
    chmodSync(path.join(dir, 'images', 'ab', 'old.jpg'), 0o666);
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: '',
      VELLUM_DATA_DIR: dir,
      VELLUM_FAKE_TIME: '',
    });
    const opened = await openForCommand(config);
    await opened.database.raw('create table if not exists private_check (note text)');
    await opened.database.raw("insert into private_check values ('Alicia')");
    await opened.close();
    // Files the engine made while running are tightened at the next start.
    const again = await openForCommand(config);
    await again.close();
    const entries = walk(dir);
    expect(entries.some((e) => e.path.includes(`${path.sep}db${path.sep}`) && !e.dir)).toBe(true);
    const loose = entries.filter((e) => (e.dir ? e.mode !== 0o700 : (e.mode & 0o077) !== 0));
    expect(loose.map((e) => `${e.path.slice(dir.length)} ${e.mode.toString(8)}`)).toEqual([]);
  });

  it('keeps the files the engine makes while it runs 0600 (a new WAL segment, a new table)', async () => {
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: '',
      VELLUM_DATA_DIR: dir,
      VELLUM_FAKE_TIME: '',
    });
    const opened = await openForCommand(config);
    const before = new Set(walk(dir).map((e) => e.path));
    await opened.database.raw('create table running_check (note text)');
    // More than one 16 MB WAL segment of names and notes.
    await opened.database.raw(
      "insert into running_check select repeat('Alicia ', 150) from generate_series(1, 20000)",
    );
    await opened.database.raw('checkpoint');
    const made = walk(dir).filter((e) => !before.has(e.path));
    expect(made.some((e) => e.path.includes(`${path.sep}pg_wal${path.sep}`))).toBe(true);
    const loose = made.filter((e) => (e.dir ? e.mode !== 0o700 : (e.mode & 0o077) !== 0));
    // Checked while the database is still open: nothing was tightened at a start. (Only the
    // engine's first extraction of its files is 0666; it runs in the 0700 folder and is
    // tightened before the database serves anyone.)
    expect(loose.map((e) => `${e.path.slice(dir.length)} ${e.mode.toString(8)}`)).toEqual([]);
    await opened.close();
  });
});
