import { type Checkpoint, checkpointSignatureOk } from './checkpoint.ts';

export type EvidenceProblemKind =
  | 'gap'
  | 'content'
  | 'link'
  | 'redaction'
  | 'unkeyed'
  | 'keyed_from_moved'
  | 'tail_missing'
  | 'checkpoint_mismatch'
  | 'checkpoint_forged'
  | 'checkpoint_unreadable';

export interface EvidenceProblem {
  /** The first sequence number that differs from what was recorded; null when none can be named. */
  seq: number | null;
  /** When only a range is known (a checkpoint that no longer matches): its last seq. */
  through?: number;
  kind: EvidenceProblemKind;
  message: string;
}

export interface CheckpointSummary {
  seq: number;
  hash: string;
  at: string;
}

/**
 * Sorts the log into the checkpoints that speak about the current chain (signed by this deployment,
 * written since the last restore) and problems for the ones that cannot be trusted.
 */
export function usableCheckpoints(all: Checkpoint[], publicKeyPem: string, keyId: string) {
  const problems: EvidenceProblem[] = [];
  let usable: Checkpoint[] = [];
  for (const c of all) {
    if (c.keyId !== keyId || !checkpointSignatureOk(c, publicKeyPem)) {
      problems.push({
        seq: c.seq,
        kind: 'checkpoint_forged',
        message: `The checkpoint of ${c.at} (event ${c.seq}) is not signed by this deployment's key.`,
      });
      continue;
    }
    if (c.kind === 'restore') usable = [];
    usable.push(c);
  }
  return { usable, problems };
}

/**
 * Compares the chain with its checkpoints once the chain was walked: `hashAt` holds the chain's
 * hash at every checkpointed seq it has, `lastSeq` where it ends.
 */
export function compareCheckpoints(
  checkpoints: Checkpoint[],
  hashAt: Map<number, string>,
  lastSeq: number,
): { problems: EvidenceProblem[]; good: CheckpointSummary[] } {
  const problems: EvidenceProblem[] = [];
  const good: CheckpointSummary[] = [];
  const sorted = [...checkpoints].sort((a, b) => a.seq - b.seq);
  for (const c of sorted) {
    const lastGood = good[good.length - 1]?.seq ?? 0;
    if (c.seq === 0) {
      good.push({ seq: 0, hash: c.hash, at: c.at });
    } else if (c.seq > lastSeq) {
      problems.push({
        seq: Math.max(lastSeq, lastGood) + 1,
        kind: 'tail_missing',
        message: `The checkpoint of ${c.at} saw events up to ${c.seq}; the chain now ends at ${lastSeq}.`,
      });
    } else if (hashAt.get(c.seq) !== c.hash) {
      problems.push({
        seq: lastGood + 1,
        through: c.seq,
        kind: 'checkpoint_mismatch',
        message: `The chain differs from the checkpoint of ${c.at} somewhere in events ${lastGood + 1} to ${c.seq}.`,
      });
    } else {
      good.push({ seq: c.seq, hash: c.hash, at: c.at });
    }
  }
  return { problems, good };
}

/**
 * The problem to name first: those of the log itself (no seq), then the lowest seq; a range counts
 * by its end, so an exact event found by the chain walk inside it is named rather than the range.
 */
export function firstProblem(problems: EvidenceProblem[]): EvidenceProblem | null {
  const at = (p: EvidenceProblem) => p.through ?? p.seq ?? -1;
  return [...problems].sort((a, b) => at(a) - at(b))[0] ?? null;
}
