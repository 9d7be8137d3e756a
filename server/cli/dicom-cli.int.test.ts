import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg, makePng, multipart } from '../testing/fixtures.ts';
import { freshPostgres } from '../testing/harness.ts';
import { startOrthanc, type TestOrthanc } from '../testing/orthanc.ts';
import { type ServerProcess, serveProcess, stopProcess, vellumCommand } from '../testing/processes.ts';

// `vellum dicom send` in a child process while the server runs (the embedded database through its
// local socket, or the PostgreSQL server), into a real Orthanc.
const PASSWORD = 'Correct-Horse-42!';
// biome-ignore lint/suspicious/noExplicitAny: JSON answers of the API, read field by field
type Json = Record<string, any>;

let pacs: TestOrthanc;
let server: ServerProcess;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let drop = async () => {};

const vellum = (...args: string[]) => vellumCommand(env, ...args);
const token = (email: string) =>
  vellum('tokens', 'create', '--email', email, '--name', 'x').stdout.trim().split('\n').at(-1);

beforeAll(async () => {
  pacs = await startOrthanc();
  dataDir = mkdtempSync(path.join(tmpdir(), 'vdicom-'));
  env = { ...process.env, VELLUM_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'error' };
  if (process.env.DATABASE_URL) {
    const fresh = await freshPostgres(process.env.DATABASE_URL);
    drop = fresh.drop;
    env.DATABASE_URL = fresh.url;
  }
  server = await serveProcess(env);
}, 120_000);
afterAll(async () => {
  if (server) await stopProcess(server.child);
  await pacs?.stop();
  await drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('vellum dicom send', () => {
  it("sends a patient's images to the named endpoint and says what went", async () => {
    expect(
      vellum('users', 'create', '--email', 'root@d.test', '--password', PASSWORD, '--role', 'super-admin')
        .code,
    ).toBe(0);
    const made = vellum(
      'users',
      'create',
      '--email',
      'doc@d.test',
      '--password',
      PASSWORD,
      '--role',
      'clinician',
      '--account',
      'Skin Clinic',
    );
    expect(made.code, made.stderr).toBe(0);
    const doc = { authorization: `Bearer ${token('doc@d.test')}` };
    const root = { authorization: `Bearer ${token('root@d.test')}` };
    const api = (url: string, headers: Record<string, string>, body?: unknown) =>
      fetch(`${server.url}${url}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((r) => r.json() as Promise<Json>);

    const me = await api('/api/auth/me', doc);
    const patient = await api('/api/patients', doc, { uniqueId: 'cli-7', lastName: 'Okafor' });
    const files = multipart([
      { filename: 'a.jpg', data: await makeJpeg(40, 30) },
      { filename: 'b.png', data: await makePng(20, 10) },
    ]);
    const uploaded = await fetch(`${server.url}/api/patients/${patient.id}/images`, {
      method: 'POST',
      headers: { ...doc, ...files.headers },
      body: files.payload,
    });
    expect(uploaded.status).toBe(201);
    const endpoint = await api('/api/admin/dicom-endpoints', root, {
      accountId: me.user.accountId,
      name: 'Hospital',
      baseUrl: pacs.dicomweb,
      authKind: 'basic',
      username: pacs.username,
      secret: pacs.password,
    });
    expect(endpoint.hasSecret).toBe(true);

    const sent = vellum(
      'dicom',
      'send',
      '--patient',
      'cli-7',
      '--account',
      'Skin Clinic',
      '--to',
      'Hospital',
    );
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/2 sent, 0 failed to Hospital/);
    const instances = await (await pacs.get('/instances?PatientID=cli-7')).json();
    expect(instances).toHaveLength(2);

    const unknown = vellum(
      'dicom',
      'send',
      '--patient',
      'cli-7',
      '--account',
      'Skin Clinic',
      '--to',
      'Nowhere',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/endpoint/);
    // Each command is a process of its own: on a busy machine they take a while.
  }, 300_000);
});
