import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres } from '../testing/harness.ts';
import { serveProcess, stopProcess, vellumCommand } from '../testing/processes.ts';

// Two server processes on one PostgreSQL database, each caching who its callers are and the
// settings: a token revoked, a user deleted or a setting changed through one instance holds on the
// other within a second, because the announcement travels through LISTEN/NOTIFY.
const PASSWORD = 'Correct-Horse-42!';
const postgresOnly = process.env.DATABASE_URL ? describe : describe.skip;

postgresOnly('caches across two server processes', () => {
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void>;
  const servers: ChildProcess[] = [];
  let one = '';
  let two = '';
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    const fresh = await freshPostgres(process.env.DATABASE_URL ?? '');
    drop = fresh.drop;
    env = { ...process.env, DATABASE_URL: fresh.url, LOG_LEVEL: 'error' };
    const people = [
      ['admin@example.org', 'admin'],
      ['a@example.org', 'clinician'],
      ['b@example.org', 'clinician'],
      ['root@example.org', 'super-admin'],
    ];
    for (const [email, role] of people) {
      const res = vellumCommand(
        env,
        'users',
        'create',
        '--email',
        email ?? '',
        '--password',
        PASSWORD,
        '--role',
        role ?? '',
        ...(role === 'super-admin' ? [] : ['--account', 'Two']),
      );
      expect(res.code, res.stderr).toBe(0);
      const token = vellumCommand(env, 'tokens', 'create', '--email', email ?? '', '--name', 'cache');
      tokens[email ?? ''] = token.stdout.trim().split('\n').at(-1) ?? '';
    }
    const [p1, p2] = await Promise.all([serveProcess(env), serveProcess(env)]);
    servers.push(p1.child, p2.child);
    [one, two] = [p1.url, p2.url];
  }, 420_000);
  afterAll(async () => {
    for (const s of servers) await stopProcess(s);
    await drop?.();
  });

  const call = (base: string, token: string, method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  /** Polls until the answer's status is `status` (and `holds` of it), for one second at most. */
  async function within1s(
    ask: () => Promise<Response>,
    status: number,
    holds: (res: Response) => Promise<boolean> = async () => true,
  ): Promise<number> {
    const start = Date.now();
    for (;;) {
      const res = await ask();
      if (res.status === status && (await holds(res))) return Date.now() - start;
      if (Date.now() - start > 1_000) throw new Error(`still ${res.status} after a second`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('a token revoked on one instance is refused on the other within a second', async () => {
    const token = tokens['a@example.org'] ?? '';
    const created = await call(one, token, 'POST', '/api/auth/tokens', { name: 'second' });
    const second = (await created.json()) as { token: string; id: string };
    // Cached on instance two.
    expect((await call(two, second.token, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await call(two, second.token, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await call(one, token, 'DELETE', `/api/auth/tokens/${second.id}`)).status).toBe(204);
    await within1s(() => call(two, second.token, 'GET', '/api/auth/me'), 401);
  });

  it('a user deleted on one instance is refused on the other within a second', async () => {
    const token = tokens['b@example.org'] ?? '';
    const meRes = await call(two, token, 'GET', '/api/auth/me');
    expect(meRes.status).toBe(200);
    const id = ((await meRes.json()) as { user: { id: string } }).user.id;
    const admin = tokens['admin@example.org'] ?? '';
    expect((await call(one, admin, 'DELETE', `/api/users/${id}`)).status).toBe(200);
    await within1s(() => call(two, token, 'GET', '/api/auth/me'), 401);
  });

  it('a setting changed on one instance holds on the other within a second', async () => {
    const token = tokens['a@example.org'] ?? '';
    const levelOn = async (res: Response) => ((await res.json()) as { consentLevel: string }).consentLevel;
    const before = await levelOn(await call(two, token, 'GET', '/api/settings'));
    const after = before === 'required' ? 'advisory' : 'required';
    // Cached on instance two.
    expect(await levelOn(await call(two, token, 'GET', '/api/settings'))).toBe(before);
    const root = tokens['root@example.org'] ?? '';
    expect((await call(one, root, 'PATCH', '/api/settings', { consentLevel: after })).status).toBe(200);
    await within1s(
      () => call(two, token, 'GET', '/api/settings'),
      200,
      async (res) => (await levelOn(res)) === after,
    );
  });
});
