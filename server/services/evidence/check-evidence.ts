import { asc, gt } from 'drizzle-orm';
import { settings } from '../../db/schema.ts';
import { auditEvents } from '../../db/schema-audit.ts';
import {
  type ChainCheck,
  type ChainPosition,
  type ChainRules,
  checkLinks,
  GENESIS_HASH,
} from '../../domain/audit-chain.ts';
import {
  type CheckpointSummary,
  compareCheckpoints,
  type EvidenceProblem,
  firstProblem as firstOf,
  usableCheckpoints,
} from '../../domain/checkpoint-check.ts';
import { eventContent } from '../audit.ts';
import type { Ctx } from '../context.ts';
import type { Evidence } from './evidence.ts';

export interface EvidenceReport {
  intact: boolean;
  events: number;
  checked: {
    /** Links keyed with the audit key, numbered without gaps: from this seq on. */
    keyedFrom: number | null;
    /** Events written before the key existed: linked with plain SHA-256, numbering not checked. */
    unkeyedEvents: number;
    redactedEvents: number;
    checkpoints: number;
    checkpointSources: string[];
  };
  firstProblem: EvidenceProblem | null;
  lastGoodCheckpoint: CheckpointSummary | null;
}

const BATCH = 5000;

/**
 * Walks the whole chain and compares it with every checkpoint of the log: links under the key, no
 * gaps, content hashes, redactions sealed by the server, and a head that reaches every checkpoint.
 * Trusts the database for nothing it can check against the key or a signed checkpoint.
 */
export async function checkEvidence(ctx: Ctx, evidence: Evidence): Promise<EvidenceReport> {
  const { keys } = evidence;
  const log = await evidence.checkpoints.readAll();
  const { usable, problems } = usableCheckpoints(
    log.checkpoints,
    keys.signing.publicKeyPem,
    keys.signing.keyId,
  );
  for (const u of log.unreadable) {
    problems.push({
      seq: null,
      kind: 'checkpoint_unreadable',
      message: `${u.source} line ${u.line} is not a checkpoint.`,
    });
  }
  const [row] = await ctx.db.select({ keyedFrom: settings.auditKeyedFrom }).from(settings);
  const stored = row?.keyedFrom ?? null;
  // A signed checkpoint's keyedFrom wins over the database's: moving it would pass off links as old.
  const signed = usable[usable.length - 1]?.keyedFrom;
  if (stored === null) problems.push({ seq: null, kind: 'unkeyed', message: 'The chain was never keyed.' });
  if (signed !== undefined && stored !== null && signed !== stored) {
    problems.push({
      seq: Math.min(signed, stored),
      kind: 'keyed_from_moved',
      message: `The chain says its keyed links start at ${stored}; the checkpoints say ${signed}.`,
    });
  }
  const rules: ChainRules = { keyedFrom: signed ?? stored ?? 1, mac: keys.audit.mac };
  const watched = new Set(usable.map((c) => c.seq));
  const hashAt = new Map<number, string>();
  let position: ChainPosition = { hash: GENESIS_HASH, seq: 0 };
  let chainBreak: ChainCheck | undefined;
  let events = 0;
  let unkeyed = 0;
  let redacted = 0;
  let lastSeq = 0;
  for (;;) {
    const rows = await ctx.db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, lastSeq))
      .orderBy(asc(auditEvents.seq))
      .limit(BATCH);
    if (rows.length === 0) break;
    for (const r of rows) {
      if (watched.has(r.seq)) hashAt.set(r.seq, r.hash);
      if (r.seq < rules.keyedFrom) unkeyed++;
      if (r.redactedAt) redacted++;
    }
    if (!chainBreak) {
      const check = checkLinks(rows.map(linkOf), position, rules);
      if (check.intact) position = { hash: check.lastHash, seq: check.lastSeq };
      else chainBreak = check;
    }
    events += rows.length;
    lastSeq = rows[rows.length - 1]?.seq ?? lastSeq;
  }
  if (chainBreak?.problem) problems.push(chainBreak.problem);
  const compared = compareCheckpoints(usable, hashAt, lastSeq);
  problems.push(...compared.problems);
  const firstProblem = firstOf(problems);
  const before = firstProblem?.seq ?? Number.POSITIVE_INFINITY;
  const lastGood = compared.good.filter((c) => c.seq < before).pop() ?? null;
  return {
    intact: firstProblem === null,
    events,
    checked: {
      keyedFrom: stored,
      unkeyedEvents: unkeyed,
      redactedEvents: redacted,
      checkpoints: usable.length,
      checkpointSources: evidence.checkpoints.sources,
    },
    firstProblem,
    lastGoodCheckpoint: lastGood,
  };
}

type EventRow = typeof auditEvents.$inferSelect;

function linkOf(r: EventRow) {
  return {
    seq: r.seq,
    prevHash: r.prevHash,
    contentHash: r.contentHash,
    hash: r.hash,
    content: r.redactedAt ? null : eventContent(r),
    // A redacted event keeps only its hashes; leftover content means someone edited it.
    redactionClean:
      !r.redactedAt ||
      [r.details, r.actorEmail, r.ip, r.targetId, r.patientId, r.actorId].every((v) => v === null),
    redactionSeal: r.redactionSeal,
  };
}
