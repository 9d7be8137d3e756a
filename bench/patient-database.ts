import type { Database } from '../server/db/client.ts';
import { queryPatients } from '../server/services/patients/list-patients.ts';
import { type PatientListQuery, patientListQuery } from '../shared/schemas/patients.ts';
import { captureStatements, replay, rounds, type Statement } from './capture.ts';
import type { Seeded } from './seed.ts';
import { type Summary, summarize, timeInterleaved } from './stats.ts';

/**
 * The patient-database scenario: every sort in both orders (first and a deep page), the tag filter
 * in both modes, a count-range and a date-range filter and searches, each timed through the real
 * service (queryPatients: page, exact total, presented tags) and as the same SQL run directly.
 */

export type CaseKind = 'sort' | 'filter' | 'search';

export interface Case {
  name: string;
  kind: CaseKind;
  query: PatientListQuery;
}

export interface CaseResult {
  name: string;
  kind: CaseKind;
  /** The total the service answered (matching active patients). */
  total: number;
  service: Summary;
  raw: Summary;
  /** service p95 / raw p95. */
  ratio: number;
  statements: Statement[];
}

const PAGE_SIZE = 50;
const DEEP_PAGE = 50;

const q = (input: Record<string, unknown>): PatientListQuery =>
  patientListQuery.parse({ pageSize: PAGE_SIZE, ...input });

export function patientCases(seeded: Seeded): Case[] {
  const cases: Case[] = [];
  for (const sort of ['lastModified', 'lastAppointment', 'uniqueId', 'name'] as const) {
    for (const order of ['asc', 'desc'] as const) {
      for (const page of [1, DEEP_PAGE]) {
        cases.push({ name: `sort ${sort} ${order} p${page}`, kind: 'sort', query: q({ sort, order, page }) });
      }
    }
  }
  const tag = (k: number) => seeded.tagIds[k] ?? '';
  cases.push(
    // Melanoma (the most common tag) and Face: patients with both.
    { name: 'tags all (2)', kind: 'filter', query: q({ tags: `${tag(0)},${tag(5)}`, tagMode: 'all' }) },
    // Trunk or Urgent: patients with either.
    { name: 'tags any (2)', kind: 'filter', query: q({ tags: `${tag(7)},${tag(16)}`, tagMode: 'any' }) },
    { name: 'images 20-40', kind: 'filter', query: q({ minImages: 20, maxImages: 40 }) },
    {
      name: 'appointment June 2025',
      kind: 'filter',
      query: q({ appointmentFrom: '2025-06-01', appointmentTo: '2025-06-30', sort: 'lastAppointment' }),
    },
    { name: 'search name "tay"', kind: 'search', query: q({ q: 'tay' }) },
    { name: 'search name "emma smi"', kind: 'search', query: q({ q: 'emma smi' }) },
    { name: 'search ID "p0123"', kind: 'search', query: q({ q: 'p0123' }) },
  );
  return cases;
}

export async function measureCase(
  database: Database,
  seeded: Seeded,
  c: Case,
  iterations: number,
): Promise<CaseResult> {
  let total = 0;
  const statements = await captureStatements(database, async (db) => {
    total = (await queryPatients(db, seeded.accountId, c.query)).total;
  });
  const plan = rounds(statements);
  const [service, raw] = await timeInterleaved(
    [() => queryPatients(database.db, seeded.accountId, c.query), () => replay(database, plan)],
    iterations,
    Math.max(5, Math.ceil(iterations / 10)),
  );
  const s = summarize(service ?? []);
  const r = summarize(raw ?? []);
  return { name: c.name, kind: c.kind, total, service: s, raw: r, ratio: s.p95 / r.p95, statements };
}

/** EXPLAIN (ANALYZE, BUFFERS) of the statements of the first round (page and total). */
export async function explainCase(database: Database, result: CaseResult): Promise<string> {
  const out: string[] = [];
  for (const s of rounds(result.statements)[0] ?? []) {
    const rows = await database.raw(`explain (analyze, buffers) ${s.sql}`, s.params);
    out.push(`-- ${s.sql.slice(0, 160)}…`, ...rows.map((r) => String(Object.values(r)[0])));
  }
  return out.join('\n');
}

export interface Target {
  label: string;
  limitMs: number;
  applies: (r: CaseResult) => boolean;
}

/** The targets of the issue for this database; each is defined at one size. */
export function queryTargets(kind: Database['kind']): { size: number; targets: Target[] } {
  if (kind === 'postgres') {
    return {
      size: 1_000_000,
      targets: [
        { label: 'every patient-database query p95 <= 20 ms', limitMs: 20, applies: () => true },
        { label: 'search p95 <= 10 ms', limitMs: 10, applies: (r) => r.kind === 'search' },
      ],
    };
  }
  return {
    size: 100_000,
    targets: [{ label: 'every patient-database query p95 <= 30 ms', limitMs: 30, applies: () => true }],
  };
}

/** The limit that applies to one result: the tightest matching target. */
export function limitFor(targets: Target[], r: CaseResult): number {
  return Math.min(...targets.filter((t) => t.applies(r)).map((t) => t.limitMs));
}
