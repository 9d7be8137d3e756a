import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres } from '../testing/harness.ts';
import { serveProcess } from '../testing/processes.ts';

// The `vellum` command against a PostgreSQL server (the leg that runs when DATABASE_URL is set).
const BIN = fileURLToPath(new URL('../../bin/vellum.js', import.meta.url));
const PASSWORD = 'Correct-Horse-42!';
const postgresOnly = process.env.DATABASE_URL ? describe : describe.skip;

postgresOnly('the vellum command on a PostgreSQL server', () => {
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshPostgres(process.env.DATABASE_URL ?? '');
    drop = fresh.drop;
    env = { ...process.env, DATABASE_URL: fresh.url, LOG_LEVEL: 'error' };
  });
  afterAll(() => drop?.());

  const vellum = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });

  it('migrates, creates users and tokens, and two servers share the database', async () => {
    expect(vellum('migrate').stdout).toMatch(/up to date/);
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
    expect(created.status).toBe(0);
    const token = vellum('tokens', 'create', '--email', 'doc@example.org', '--name', 'x')
      .stdout.trim()
      .split('\n')
      .at(-1);
    expect(token).toMatch(/^vlm_/);

    const servers = await Promise.all([serveProcess(env), serveProcess(env)]);
    try {
      const [a, b] = servers.map((s) => s.url);
      const created = await fetch(`${a}/api/patients`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ uniqueId: 'pg-1' }),
      });
      expect(created.status).toBe(201);
      const list = await fetch(`${b}/api/patients`, { headers: { authorization: `Bearer ${token}` } });
      expect(((await list.json()) as { total: number }).total).toBe(1);
    } finally {
      for (const s of servers) s.child.kill('SIGTERM');
    }
  });
});
