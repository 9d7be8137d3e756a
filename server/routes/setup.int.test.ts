import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents } from '../db/schema-audit.ts';
import { currentSetupCode } from '../services/setup.ts';
import { expectError } from '../testing/expect-error.ts';
import {
  freshPostgres,
  startTestApp,
  TEST_AUDIT_KEY,
  TEST_PASSWORD,
  type TestApp,
} from '../testing/harness.ts';
import { vellumCommand } from '../testing/processes.ts';

// First run: an empty deployment creates its super administrator once, through the web app.

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const status = (app: TestApp) => app.app.inject({ method: 'GET', url: '/api/setup' });
const setup = (
  app: TestApp,
  email = 'first@vellum.test',
  password = TEST_PASSWORD,
  setupCode = currentSetupCode(),
) => app.app.inject({ method: 'POST', url: '/api/setup', payload: { setupCode, email, password } });

describe('first-run setup', () => {
  it('is needed on an empty deployment, creates a super administrator once, and is audited', async () => {
    t = await startTestApp();
    expect((await status(t)).json()).toEqual({ needed: true });

    const res = await setup(t, 'First@Vellum.test');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().user).toMatchObject({
      email: 'first@vellum.test',
      role: 'super-admin',
      accountId: null,
    });
    expect((await status(t)).json()).toEqual({ needed: false });

    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'first@vellum.test', password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(200);

    expectError(await setup(t, 'second@vellum.test'), 409, 'already_set_up');
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'setup.complete'));
    expect(events).toHaveLength(1);
    expect(events[0]?.actorEmail).toBe('first@vellum.test');
  });

  it('applies the password policy and validates the e-mail', async () => {
    t = await startTestApp();
    expectError(await setup(t, 'first@vellum.test', 'short'), 422, 'invalid_input');
    expectError(await setup(t, 'not-an-email'), 422, 'invalid_input');
    expect((await status(t)).json()).toEqual({ needed: true });
  });

  it('lets exactly one of two simultaneous requests through', async () => {
    t = await startTestApp();
    const answers = await Promise.all([setup(t, 'a@vellum.test'), setup(t, 'b@vellum.test')]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
  });

  it('refuses a wrong or missing setup code and creates no one', async () => {
    t = await startTestApp();
    const code = currentSetupCode();
    const other = code.startsWith('0') ? `1${code.slice(1)}` : `0${code.slice(1)}`;
    expectError(await setup(t, 'first@vellum.test', TEST_PASSWORD, other), 403, 'wrong_setup_code');
    expectError(await setup(t, 'first@vellum.test', TEST_PASSWORD, ''), 403, 'wrong_setup_code');
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { email: 'first@vellum.test', password: TEST_PASSWORD },
    });
    expectError(missing, 422, 'invalid_input');
    expect((await status(t)).json()).toEqual({ needed: true });
    // Typed from a log: case, spaces and dashes do not matter.
    const typed = code.toLowerCase().replace(/-/g, ' ');
    expect((await setup(t, 'first@vellum.test', TEST_PASSWORD, typed)).statusCode).toBe(201);
  });

  // The command opens the database itself: a PostgreSQL database of its own.
  it.skipIf(!process.env.DATABASE_URL)(
    '`vellum setup-code` prints the same code on its last line while setup is needed, then refuses',
    async () => {
      t = await startTestApp();
      const fresh = await freshPostgres(process.env.DATABASE_URL ?? '');
      const dataDir = mkdtempSync(path.join(tmpdir(), 'vellum-setup-code-'));
      const env = {
        ...process.env,
        VELLUM_DATA_DIR: dataDir,
        VELLUM_AUDIT_KEY: TEST_AUDIT_KEY,
        DATABASE_URL: fresh.url,
      };
      try {
        const printed = vellumCommand(env, 'setup-code');
        expect(printed.code, printed.stderr).toBe(0);
        expect(printed.stdout.trim().split('\n').at(-1)).toBe(currentSetupCode());
        const made = vellumCommand(
          env,
          'users',
          'create',
          '--email',
          'op@vellum.test',
          '--password',
          TEST_PASSWORD,
          '--role',
          'super-admin',
        );
        expect(made.code, made.stderr).toBe(0);
        const after = vellumCommand(env, 'setup-code');
        expect(after.code).toBe(1);
        expect(after.stderr).toContain('already_set_up');
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
        await fresh.drop();
      }
    },
  );
});
