import { type ChildProcess, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveProcess, stopProcess, vellumCommand } from '../testing/processes.ts';

// The real `vellum` command in child processes, on a real data dir: the embedded database is owned
// by the serving process and shared with commands through its local socket.
const BIN = fileURLToPath(new URL('../../bin/vellum.js', import.meta.url));
const PASSWORD = 'Correct-Horse-42!';
const embeddedOnly = process.env.DATABASE_URL ? describe.skip : describe;

let dataDir: string;
let env: NodeJS.ProcessEnv;
let server: ChildProcess | undefined;
let baseUrl = '';

const vellum = (...args: string[]) => vellumCommand(env, ...args);
const startServer = () => serveProcess(env);
const stop = (child: ChildProcess) => stopProcess(child);

async function login(email: string) {
  return fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
}

embeddedOnly('the vellum command on the embedded database', () => {
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'vcli-'));
    env = { ...process.env, VELLUM_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'error' };
  });
  afterAll(async () => {
    if (server && server.exitCode === null) await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a super administrator with no server running', () => {
    const r = vellum(
      'users',
      'create',
      '--email',
      'Root@Example.org',
      '--password',
      PASSWORD,
      '--role',
      'super-admin',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Created super-admin root@example.org/);
    expect(existsSync(path.join(dataDir, 'vellum.lock'))).toBe(false);
  });

  it('explains bad input with exit code 1, and wrong usage with 2', () => {
    const weak = vellum(
      'users',
      'create',
      '--email',
      'x@example.org',
      '--password',
      'short',
      '--role',
      'clinician',
      '--account',
      'A',
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/invalid_input.*12 characters/);
    const noAccount = vellum(
      'users',
      'create',
      '--email',
      'x@example.org',
      '--password',
      PASSWORD,
      '--role',
      'clinician',
    );
    expect(noAccount.code).toBe(1);
    expect(noAccount.stderr).toMatch(/--account/);
    expect(vellum('users', 'create', '--email', 'x@example.org').code).toBe(2);
    expect(vellum('no-such-command').code).toBe(2);
  });

  it('serves, and commands reach its database through the local socket while it runs', async () => {
    const started = await startServer();
    server = started.child;
    baseUrl = started.url;
    expect((await login('root@example.org')).status).toBe(200);

    const created = vellum(
      'users',
      'create',
      '--email',
      'doc@example.org',
      '--password',
      PASSWORD,
      '--role',
      'clinician',
      '--account',
      'Skin Clinic',
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/in account "Skin Clinic"/);
    expect((await login('doc@example.org')).status).toBe(200);
    // A second command through the socket: statements the first prepared must not get in its way.
    const second = vellum(
      'users',
      'create',
      '--email',
      'nurse@example.org',
      '--password',
      PASSWORD,
      '--role',
      'assistant',
      '--account',
      'Skin Clinic',
    );
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);

    const tok = vellum('tokens', 'create', '--email', 'doc@example.org', '--name', 'script');
    expect(tok.code).toBe(0);
    const token = tok.stdout.trim().split('\n').at(-1) ?? '';
    expect(token).toMatch(/^vlm_/);
    expect(tok.stdout).toMatch(/expires \d{4}-/);
    const bad = vellum(
      'tokens',
      'create',
      '--email',
      'doc@example.org',
      '--name',
      'x',
      '--expires-in-days',
      '0',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('invalid_input');
    const forever = vellum(
      'tokens',
      'create',
      '--email',
      'doc@example.org',
      '--name',
      'y',
      '--expires-in-days',
      'never',
    );
    expect(forever.stdout).toContain('never expires');
    const res = await fetch(`${baseUrl}/api/patients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ uniqueId: 'CLI-1' }),
    });
    expect(res.status).toBe(201);

    const made = vellum('clients', 'create', '--email', 'doc@example.org', '--name', 'integration');
    expect(made.code).toBe(0);
    const line = (key: string) => new RegExp(`^${key}: (\\S+)$`, 'm').exec(made.stdout)?.[1] ?? '';
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: line('client_id'),
      client_secret: line('client_secret'),
    });
    const granted = await fetch(`${baseUrl}/oauth2/token`, { method: 'POST', body: form });
    expect(granted.status).toBe(200);
    const { access_token } = (await granted.json()) as { access_token: string };
    const found = await fetch(`${baseUrl}/fhir/R4/Patient?identifier=cli-1`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(((await found.json()) as { total: number }).total).toBe(1);
  });

  it('prints a one-time password reset link on its last line; operator-made users need no change', async () => {
    const signedIn = await login('nurse@example.org');
    expect(
      ((await signedIn.json()) as { user: { mustChangePassword: boolean } }).user.mustChangePassword,
    ).toBe(false);
    const reset = vellum('users', 'reset-password', '--email', 'Nurse@Example.org');
    expect(reset.stderr).toBe('');
    expect(reset.code).toBe(0);
    const link = reset.stdout.trim().split('\n').at(-1) ?? '';
    expect(link).toMatch(/^http:\/\/localhost:\d+\/reset-password#token=[\w-]{40,}$/);
    const used = await fetch(`${baseUrl}/api/auth/password-reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: new URL(link).hash.slice('#token='.length),
        newPassword: 'Quiet-Harbour-Lamp-58',
      }),
    });
    expect(used.status).toBe(200);
    expect((await login('nurse@example.org')).status).toBe(401);
    const unknown = vellum('users', 'reset-password', '--email', 'nobody@example.org');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/not_found/);
  });

  it('refuses a second server on the same data dir with a clear message', () => {
    const second = spawnSync(process.execPath, [BIN, 'serve'], {
      env: { ...env, PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/in use by another Vellum process \(pid \d+\)/);
  });

  it('keeps the data across a restart, and releases the lock on stop', async () => {
    if (!server) throw new Error('no server');
    expect(await stop(server)).toBe(0);
    expect(existsSync(path.join(dataDir, 'vellum.lock'))).toBe(false);
    const started = await startServer();
    server = started.child;
    baseUrl = started.url;
    expect((await login('doc@example.org')).status).toBe(200);
  });
});
