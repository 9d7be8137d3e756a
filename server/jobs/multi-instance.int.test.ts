import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg } from '../testing/fixtures.ts';
import { freshPostgres, TEST_AUDIT_KEY, TEST_SIGNING_KEY } from '../testing/harness.ts';
import { type ServerProcess, serveProcess, stopProcess, vellumCommand } from '../testing/processes.ts';
import { type LocalS3, startLocalS3 } from '../testing/s3.ts';

// Several real server processes on one PostgreSQL database and one S3-compatible store behave as
// one deployment: a session made on one is valid on the other, a file stored through one is served
// by the other, each turn of the scheduled cleanup runs once, and the day's scheduled backup is
// written once. (Live edits crossing instances: server/live/live-two-process.int.test.ts.)
const PASSWORD = 'Correct-Horse-42!';
const postgresOnly = process.env.DATABASE_URL ? describe : describe.skip;

postgresOnly('several instances on one database and one object store', () => {
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void>;
  let s3: LocalS3;
  let servers: ServerProcess[] = [];
  /** When the daily backup is due: set just before the servers start, soon after. */
  let backupDue: Date;

  beforeAll(async () => {
    const fresh = await freshPostgres(process.env.DATABASE_URL ?? '');
    drop = fresh.drop;
    s3 = await startLocalS3('shared-files');
    const o = s3.options();
    env = {
      ...process.env,
      DATABASE_URL: fresh.url,
      LOG_LEVEL: 'error',
      VELLUM_S3_BUCKET: o.bucket,
      VELLUM_S3_ENDPOINT: o.endpoint,
      VELLUM_S3_ACCESS_KEY_ID: o.credentials?.accessKeyId,
      VELLUM_S3_SECRET_ACCESS_KEY: o.credentials?.secretAccessKey,
      // A turn every four seconds instead of every night, so the test sees several turns.
      VELLUM_CLEANUP_SCHEDULE: '*/4 * * * * *',
      VELLUM_BACKUP_KEEP: '3',
      // Stored backups are encrypted and signed: one passphrase and one key for the deployment.
      VELLUM_BACKUP_PASSPHRASE: 'multi-instance backup passphrase',
      VELLUM_SIGNING_KEY: TEST_SIGNING_KEY,
      VELLUM_AUDIT_KEY: TEST_AUDIT_KEY,
      TZ: 'UTC',
    };
    for (const role of ['clinician', 'super-admin']) {
      const account = role === 'super-admin' ? [] : ['--account', 'Shared'];
      const made = vellumCommand(
        env,
        'users',
        'create',
        '--email',
        `${role}@shared.test`,
        '--password',
        PASSWORD,
        '--role',
        role,
        ...account,
      );
      expect(made.code, made.stderr).toBe(0);
    }
    // The daily backup at a time of day a minute from now (to the second, in UTC): both instances
    // are up by then and their timers fire together.
    backupDue = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000);
    env.VELLUM_BACKUP_TIME = backupDue.toISOString().slice(11, 19);
    servers = await Promise.all([serveProcess(env), serveProcess(env)]);
    expect(Date.now(), 'the servers took a minute to start').toBeLessThan(backupDue.getTime());
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => stopProcess(s.child)));
    await drop?.();
    await s3?.close();
  });

  async function signIn(server: ServerProcess, email: string) {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = /vellum_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';
    return { cookie, csrf };
  }

  it('accepts a session made on one instance on the other, and serves files stored by either', async () => {
    const [one, two] = servers as [ServerProcess, ServerProcess];
    const session = await signIn(one, 'clinician@shared.test');
    const me = await fetch(`${two.url}/api/auth/me`, { headers: { cookie: session.cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe('clinician@shared.test');

    const writeHeaders = { cookie: session.cookie, 'x-csrf-token': session.csrf };
    const created = await fetch(`${two.url}/api/patients`, {
      method: 'POST',
      headers: { ...writeHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ uniqueId: 'shared-1' }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const patient = (await created.json()) as { id: string };
    const form = new FormData();
    form.append(
      'file',
      new Blob([new Uint8Array(await makeJpeg(160, 120))], { type: 'image/jpeg' }),
      'a.jpg',
    );
    const uploaded = await fetch(`${one.url}/api/patients/${patient.id}/images`, {
      method: 'POST',
      headers: writeHeaders,
      body: form,
    });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const image = ((await uploaded.json()) as { created: { id: string }[] }).created[0];
    const [a, b] = await Promise.all(
      [one, two].map((s) =>
        fetch(`${s.url}/api/images/${image?.id}/file?size=original`, {
          headers: { cookie: session.cookie },
        }).then(async (r) => ({ status: r.status, bytes: Buffer.from(await r.arrayBuffer()) })),
      ),
    );
    expect([a?.status, b?.status]).toEqual([200, 200]);
    expect(a?.bytes.length).toBeGreaterThan(100);
    expect(a?.bytes.equals(b?.bytes ?? Buffer.alloc(0))).toBe(true);
  });

  it('runs each turn of the scheduled cleanup on exactly one instance', async () => {
    await new Promise((r) => setTimeout(r, 13_000)); // three turns or more
    const db = new pg.Client({ connectionString: env.DATABASE_URL });
    await db.connect();
    const { rows } = await db
      .query<{ at: Date; instance: string }>(
        "select started_at as at, instance from cleanup_runs where trigger = 'scheduled' order by started_at",
      )
      .finally(() => db.end());
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < rows.length; i++) {
      // Two runs of one turn would start within moments of each other; turns are 4 s apart.
      expect((rows[i]?.at.getTime() ?? 0) - (rows[i - 1]?.at.getTime() ?? 0)).toBeGreaterThan(2_000);
    }
  }, 30_000);

  it("writes the day's scheduled backup on exactly one instance", async () => {
    const root = await signIn(servers[0] as ServerProcess, 'super-admin@shared.test');
    const backupsOn = async (server: ServerProcess) => {
      const res = await fetch(`${server.url}/api/admin/backups`, { headers: { cookie: root.cookie } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: { id: string; status: string }[] }).items;
    };
    // Until the time has come, a backup is complete and neither instance is still writing one.
    let settled = false;
    while (!settled) {
      await new Promise((r) => setTimeout(r, 1000));
      const lists = await Promise.all(servers.map(backupsOn));
      settled =
        Date.now() > backupDue.getTime() + 1000 &&
        lists.some((items) => items.some((b) => b.status === 'complete')) &&
        lists.every((items) => items.every((b) => b.status !== 'running'));
    }
    const lists = await Promise.all(servers.map(backupsOn));
    expect(lists[0]?.map((b) => b.status)).toEqual(['complete']);
    expect(lists[1]).toEqual(lists[0]);
    const audit = await fetch(`${servers[1]?.url}/api/audit?pageSize=100`, {
      headers: { cookie: root.cookie },
    });
    const events = (
      (await audit.json()) as { items: { action: string; details: { trigger?: string } | null }[] }
    ).items;
    const backups = events.filter((e) => e.action.startsWith('backup.'));
    expect(backups.map((e) => [e.action, e.details?.trigger])).toEqual([['backup.created', 'scheduled']]);
  }, 120_000);
});
