import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openForCommand } from '../runtime.ts';
import { openStorage } from '../storage/open-storage.ts';
import { type DeploymentState, deploymentState } from '../testing/backups.ts';

// `vellum backup create | verify | restore` through the real command on embedded data dirs.
const BIN = fileURLToPath(new URL('../../bin/vellum.js', import.meta.url));
const embeddedOnly = process.env.DATABASE_URL ? describe.skip : describe;

let root: string;
const dir = (name: string) => path.join(root, name);

function vellum(dataDir: string, ...args: string[]) {
  const env = { ...process.env, VELLUM_DATA_DIR: dataDir, DATABASE_URL: '', VELLUM_FAKE_TIME: '' };
  // Generous: on a busy shared machine the command's start-up alone (tsx) can take minutes.
  const res = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 300_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

async function stateOf(dataDir: string): Promise<DeploymentState> {
  const config = loadConfig({ VELLUM_DATA_DIR: dataDir });
  const opened = await openForCommand(config);
  try {
    const state = await deploymentState(opened.database, await openStorage(config.storage));
    // Each side has its own backup events after the snapshot; every other row must match.
    const { audit_events: _events, ...tables } = state.tables;
    return { ...state, tables };
  } finally {
    await opened.close();
  }
}

embeddedOnly('vellum backup', () => {
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'vbackup-'));
    const made = vellum(
      dir('a'),
      'users',
      'create',
      '--email',
      'doc@cli.test',
      '--password',
      'Correct-Horse-42!',
      '--role',
      'clinician',
      '--account',
      'CLI Clinic',
    );
    expect(made.code, made.stderr).toBe(0);
    const demo = vellum(dir('a'), 'demo', '--account', 'CLI Clinic', '--patients', '3');
    expect(demo.code, demo.stderr).toBe(0);
  }, 600_000); // two commands, each starting the whole server code: slow on a busy machine
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes an archive that verifies, leaving no temporary file', () => {
    const r = vellum(dir('a'), 'backup', 'create', '--out', dir('a.tar'), '--unencrypted');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Wrote backup \S+ .* files .* to /);
    expect(readdirSync(root).filter((f) => f.endsWith('.partial'))).toEqual([]);
    const v = vellum(dir('a'), 'backup', 'verify', dir('a.tar'));
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^OK: backup .* every checksum matches and the signature holds\.$/m);
    // A plain tar: any tar tool lists it.
    const listed = execFileSync('tar', ['-tf', dir('a.tar')], { encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(listed[0]).toBe('vellum-backup.json');
    expect(listed.slice(-2)).toEqual(['manifest.json', 'manifest.sig']);
  });

  it('refuses to verify a truncated or foreign file, with a clear message', () => {
    const whole = readFileSync(dir('a.tar'));
    writeFileSync(dir('cut.tar'), whole.subarray(0, whole.length - 4096));
    const cut = vellum(dir('a'), 'backup', 'verify', dir('cut.tar'));
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/error \(backup_incomplete\): The backup is incomplete/);
    writeFileSync(dir('notes.txt'), 'not a backup at all\n'.repeat(100));
    const foreign = vellum(dir('a'), 'backup', 'verify', dir('notes.txt'));
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(/error \(backup_unrecognized\): This is not a Vellum backup/);
  });

  // Six commands, each starting the whole server code: slow on a busy machine.
  it("restores into an empty data dir with the first deployment's public key, and asks before replacing data", {
    timeout: 600_000,
  }, async () => {
    // Another data dir is another deployment: its own signing key, so the archive is refused as it is.
    const refused = vellum(dir('b'), 'backup', 'restore', dir('a.tar'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/error \(backup_foreign\): The backup was signed by another deployment/);
    const printed = vellum(dir('a'), 'backup', 'public-key');
    expect(printed.code, printed.stderr).toBe(0);
    const [, line, ...pem] = printed.stdout.split('\n');
    writeFileSync(dir('a.pub'), pem.join('\n'));
    const verified = vellum(dir('b'), 'backup', 'verify', dir('a.tar'), '--trust-public-key', String(line));
    expect(verified.code, verified.stderr).toBe(0);
    const r = vellum(dir('b'), 'backup', 'restore', dir('a.tar'), '--trust-public-key', dir('a.pub'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Restored backup \S+ of .*: \d+ rows, \d+ files/m);
    expect(await stateOf(dir('b'))).toEqual(await stateOf(dir('a')));

    const again = vellum(dir('b'), 'backup', 'restore', dir('a.tar'));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/confirmation_required.*--yes/);
    const yes = vellum(
      dir('b'),
      'backup',
      'restore',
      dir('a.tar'),
      '--yes',
      '--trust-public-key',
      dir('a.pub'),
    );
    expect(yes.code, yes.stderr).toBe(0);
  });

  it('leaves no archive behind when the disk fills up', { skip: process.getuid?.() !== 0 }, () => {
    const full = dir('full');
    mkdirSync(full);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32k', 'tmpfs', full]);
    try {
      const r = vellum(dir('a'), 'backup', 'create', '--out', path.join(full, 'b.tar'), '--unencrypted');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/error \(disk_full\): The disk is full/);
      expect(readdirSync(full)).toEqual([]);
    } finally {
      execFileSync('umount', [full]);
    }
  });
});
