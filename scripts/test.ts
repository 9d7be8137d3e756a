// `npm test`: types and lint, unit tests, then the integration suite on the embedded database and,
// when DATABASE_URL is set, again on that PostgreSQL server, then the browser tests. Ends with one
// summary line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureSystemRequirements } from './system-requirements.ts';

const outDir = mkdtempSync(path.join(tmpdir(), 'vellum-test-'));
let passed = 0;
let failed = 0;
let stagesFailed = 0;

function run(label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): boolean {
  process.stdout.write(`\n=== ${label} ===\n`);
  const res = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (res.status !== 0) stagesFailed++;
  return res.status === 0;
}

function vitest(label: string, project: string, env: NodeJS.ProcessEnv) {
  const out = path.join(outDir, `${label.replace(/\W+/g, '-')}.json`);
  const ok = run(
    label,
    'npx',
    [
      'vitest',
      'run',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}`,
    ],
    env,
  );
  try {
    const r = JSON.parse(readFileSync(out, 'utf8')) as { numPassedTests: number; numFailedTests: number };
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    if (!ok && r.numFailedTests === 0) failed++; // a file that failed to load counts as a failure
  } catch {
    if (!ok) failed++;
  }
}

/** The browser tests, counted from Playwright's JSON report. */
function e2e() {
  const out = path.join(outDir, 'e2e.json');
  const ok = run(
    'browser tests (e2e)',
    'npx',
    ['playwright', 'test', '--config', 'e2e/playwright.config.ts', '--reporter=list,json'],
    { ...withoutDb, PLAYWRIGHT_JSON_OUTPUT_NAME: out },
  );
  try {
    const r = JSON.parse(readFileSync(out, 'utf8')) as { stats: { expected: number; unexpected: number } };
    passed += r.stats.expected;
    failed += r.stats.unexpected;
    if (!ok && r.stats.unexpected === 0) failed++;
  } catch {
    if (!ok) failed++;
  }
}

const { DATABASE_URL, ...withoutDb } = process.env;
if (!ensureSystemRequirements()) process.exit(1);
run('types and lint', 'npm', ['run', '--silent', 'check'], process.env);
vitest('unit', 'unit', withoutDb);
vitest('integration: embedded database', 'int', withoutDb);
// The lifecycle model's 500 random sequences run once, on the embedded database; PostgreSQL gets 50.
if (DATABASE_URL)
  vitest('integration: PostgreSQL server', 'int', { ...withoutDb, DATABASE_URL, VELLUM_MODEL_RUNS: '50' });
else
  process.stdout.write(
    '\n(DATABASE_URL is not set: the PostgreSQL leg of the integration suite was skipped)\n',
  );
e2e();
rmSync(outDir, { recursive: true, force: true });

process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`);
process.exit(stagesFailed > 0 || failed > 0 ? 1 : 0);
