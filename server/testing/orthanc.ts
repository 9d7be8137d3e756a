import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A private Orthanc PACS for the DICOM tests: its own free port, a temporary storage folder and a
 * generated configuration that loads the DICOMweb plugin and asks for HTTP basic authentication.
 */
export interface TestOrthanc {
  /** The DICOMweb root, e.g. http://127.0.0.1:41234/dicom-web */
  dicomweb: string;
  username: string;
  password: string;
  /** Fetch against the Orthanc, authenticated. */
  get(pathUnderRoot: string, accept?: string): Promise<Response>;
  stop(): Promise<void>;
}

const INSTALL = 'apt-get install orthanc orthanc-dicomweb dicom3tools';
const PLUGIN_DIRS = ['/usr/share/orthanc/plugins', '/usr/lib/orthanc'];

function orthancBinary(): string {
  for (const p of ['/usr/sbin/Orthanc', '/usr/bin/Orthanc']) if (existsSync(p)) return p;
  throw new Error(`Orthanc is not installed; the DICOM tests need it: ${INSTALL}`);
}

function dicomwebPlugin(): string {
  for (const dir of PLUGIN_DIRS) {
    if (!existsSync(dir)) continue;
    const file = readdirSync(dir).find((f) => f.startsWith('libOrthancDicomWeb.so'));
    if (file) return path.join(dir, file);
  }
  throw new Error(`Orthanc's DICOMweb plugin is not installed; the DICOM tests need it: ${INSTALL}`);
}

/** Fails with what to install when dciodvfy (dicom3tools) is missing. */
export function dciodvfy(file: string): { errors: string[]; output: string } {
  let output: string;
  try {
    output = execFileSync('dciodvfy', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { code?: string; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error(`dciodvfy is not installed; the DICOM tests need it: ${INSTALL}`);
    output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
  return { errors: output.split('\n').filter((l) => l.startsWith('Error')), output };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startOrthanc(): Promise<TestOrthanc> {
  const binary = orthancBinary();
  const plugin = dicomwebPlugin();
  const dir = mkdtempSync(path.join(tmpdir(), 'vellum-orthanc-'));
  const port = await freePort();
  const username = 'vellum';
  const password = 'pacs-secret-1';
  const config = {
    Name: 'VellumTest',
    StorageDirectory: path.join(dir, 'storage'),
    IndexDirectory: path.join(dir, 'index'),
    HttpPort: port,
    DicomServerEnabled: false,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { [username]: password },
    Plugins: [plugin],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: true },
  };
  const configFile = path.join(dir, 'orthanc.json');
  writeFileSync(configFile, JSON.stringify(config));
  const child: ChildProcess = spawn(binary, [configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-4000);
  });
  const base = `http://127.0.0.1:${port}`;
  const auth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const get = (p: string, accept = 'application/dicom+json') =>
    fetch(`${base}/dicom-web${p}`, { headers: { authorization: auth, accept } });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`Orthanc stopped at start-up: ${stderr}`);
    const ok = await fetch(`${base}/system`, { headers: { authorization: auth } })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (i > 300) throw new Error(`Orthanc did not answer on port ${port}: ${stderr}`);
    await sleep(100);
  }
  return {
    dicomweb: `${base}/dicom-web`,
    username,
    password,
    get,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
