import { type ChildProcess, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres } from '../testing/harness.ts';
import { liveClient } from '../testing/live-client.ts';
import { serveProcess } from '../testing/processes.ts';

// Two real server processes on one PostgreSQL database: an edit or a deletion made through one
// reaches an editor connected to the other, through LISTEN/NOTIFY, and so does a revoked access. (The embedded database serves one process only.)
const BIN = fileURLToPath(new URL('../../bin/vellum.js', import.meta.url));
const PASSWORD = 'Correct-Horse-42!';
const postgresOnly = process.env.DATABASE_URL ? describe : describe.skip;

postgresOnly('live editing across two server processes', () => {
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void>;
  const servers: ChildProcess[] = [];

  beforeAll(async () => {
    const fresh = await freshPostgres(process.env.DATABASE_URL ?? '');
    drop = fresh.drop;
    env = { ...process.env, DATABASE_URL: fresh.url, LOG_LEVEL: 'error' };
  });
  afterAll(async () => {
    for (const s of servers) s.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await drop?.();
  });

  it('shows an edit or a deletion made on one instance to an editor on the other', async () => {
    const vellum = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
    expect(
      vellum(
        'users',
        'create',
        '--email',
        'a@example.org',
        '--password',
        PASSWORD,
        '--role',
        'clinician',
        '--account',
        'Two',
      ).status,
    ).toBe(0);
    expect(
      vellum(
        'users',
        'create',
        '--email',
        'b@example.org',
        '--password',
        PASSWORD,
        '--role',
        'clinician',
        '--account',
        'Two',
      ).status,
    ).toBe(0);
    const tokenOf = (email: string) =>
      vellum('tokens', 'create', '--email', email, '--name', 'live').stdout.trim().split('\n').at(-1) ?? '';
    const [ta, tb] = [tokenOf('a@example.org'), tokenOf('b@example.org')];
    const [one, two] = await Promise.all([serveProcess(env), serveProcess(env)]);
    servers.push(one.child, two.child);

    const api = (base: string, token: string, path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ id: string }>);
    const patient = await api(one.url, ta, '/api/patients', { uniqueId: 'two-proc' });
    const entry = await api(one.url, ta, `/api/patients/${patient.id}/entries`, {
      appointmentAt: '2026-03-01T10:00:00Z',
    });

    const a = await liveClient(`${one.url.replace('http', 'ws')}/api/live`, {
      authorization: `Bearer ${ta}`,
    });
    const b = await liveClient(`${two.url.replace('http', 'ws')}/api/live`, {
      authorization: `Bearer ${tb}`,
    });
    a.send({ type: 'subscribe', entryId: entry.id });
    b.send({ type: 'subscribe', entryId: entry.id });
    expect(await a.next()).toMatchObject({ type: 'subscribed' });
    expect(await b.next()).toMatchObject({ type: 'subscribed' });

    a.send({
      type: 'patch',
      entryId: entry.id,
      baseVersion: 1,
      changes: { notes: 'seen across processes' },
      requestId: 'p1',
    });
    expect(await a.next()).toMatchObject({ type: 'ack', requestId: 'p1', version: 2 });
    expect(await b.next()).toMatchObject({
      type: 'updated',
      entryId: entry.id,
      version: 2,
      changes: { notes: 'seen across processes' },
    });

    b.send({
      type: 'patch',
      entryId: entry.id,
      baseVersion: 2,
      changes: { notes: 'and back' },
      requestId: 'p2',
    });
    expect(await b.next()).toMatchObject({ type: 'ack', requestId: 'p2', version: 3 });
    expect(await a.next()).toMatchObject({ type: 'updated', version: 3, changes: { notes: 'and back' } });

    // Deleted through one instance: the editors on both hear it at once, with no edit of theirs.
    const deleted = await fetch(`${one.url}/api/entries/${entry.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ta}` },
    });
    expect(deleted.status).toBe(200);
    const closed = { type: 'closed', entryId: entry.id, reason: 'deleted' };
    expect(await a.next()).toEqual(closed);
    expect(await b.next()).toEqual(closed);

    // A token revoked through one instance: the socket opened with it on the other is told and closed.
    const made = await api(one.url, tb, '/api/auth/tokens', { name: 'second' });
    const { token: second } = made as unknown as { token: string };
    const held = await liveClient(`${two.url.replace('http', 'ws')}/api/live`, {
      authorization: `Bearer ${second}`,
    });
    const revoked = await fetch(`${one.url}/api/auth/tokens/${made.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${tb}` },
    });
    expect(revoked.status).toBe(204);
    expect(await held.next()).toEqual({ type: 'closed', reason: 'token_revoked' });
    expect(await held.ended()).toBe(4401);
    a.close();
    b.close();
  });
});
