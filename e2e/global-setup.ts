// Builds the web app, starts the real server on a temporary embedded database, seeds the users
// through the `vellum` command and a few old deletions through the API; the returned function
// tears it all down.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, startServer, vellum } from './server.ts';
import { ACCOUNT, OLD_DELETED, PASSWORD, SEEDED_TIME, TEST_TIME, USERS } from './users.ts';

async function signIn(url: string, email: string) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
  const csrf = cookies.find((c) => c.startsWith('vellum_csrf='))?.split('=')[1] ?? '';
  const headers = { cookie: cookies.join('; '), 'x-csrf-token': csrf, 'content-type': 'application/json' };
  return (method: string, p: string, body?: unknown) =>
    fetch(`${url}${p}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => {
      if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<{ id: string }>;
    });
}

export default async function globalSetup() {
  rmSync(path.join(ROOT, 'e2e/logs'), { recursive: true, force: true });
  // The browser tests drive the server as `npm start` runs it: the web app and the server built.
  for (const script of ['scripts/build-web.ts', 'scripts/build-server.ts']) {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, script)], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  const port = Number(process.env.VELLUM_E2E_PORT);
  // Deletions made at the seeding time are 90 days old once the server restarts at the test time.
  const seeding = await startServer({ port, fakeTime: SEEDED_TIME });
  for (const u of Object.values(USERS)) {
    const args = ['users', 'create', '--email', u.email, '--password', PASSWORD, '--role', u.role];
    vellum(seeding.dataDir, u.role === 'super-admin' ? args : [...args, '--account', ACCOUNT]);
  }
  const call = await signIn(seeding.url, USERS.clinician.email);
  for (const uniqueId of OLD_DELETED) {
    const p = await call('POST', '/api/patients', { uniqueId });
    await call('DELETE', `/api/patients/${p.id}`, {
      reason: 'duplicate',
      confirmation: `delete ${uniqueId}`,
    });
  }
  await seeding.halt();
  const server = await startServer({ port, dataDir: seeding.dataDir, fakeTime: TEST_TIME });
  return () => server.stop();
}
