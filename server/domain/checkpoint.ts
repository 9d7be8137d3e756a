import type { KeyObject } from 'node:crypto';
import { signText, verifyText } from './signature.ts';

/**
 * A signed statement "the chain had this head at this time", kept outside the database. A chain
 * cut, rewritten or renumbered after a checkpoint no longer matches it.
 */
export interface Checkpoint {
  /** `restore`: a restore replaced the chain; the checkpoints before this one describe the old one. */
  kind: 'head' | 'restore';
  seq: number;
  hash: string;
  at: string;
  /** The chain's keyedFrom when written: moving it later (to pass off keyed links as old) is seen. */
  keyedFrom: number;
  keyId: string;
  signature: string;
}

export type UnsignedCheckpoint = Omit<Checkpoint, 'signature'>;

const signedText = (c: UnsignedCheckpoint) =>
  ['vellum-audit-checkpoint:1', c.kind, c.seq, c.hash, c.at, c.keyedFrom, c.keyId].join('\n');

export const signCheckpoint = (c: UnsignedCheckpoint, privateKey: KeyObject): Checkpoint => ({
  ...c,
  signature: signText(signedText(c), privateKey),
});

export const checkpointSignatureOk = (c: Checkpoint, publicKeyPem: string) =>
  verifyText(signedText(c), c.signature, publicKeyPem);

/** Reads one line of the log; undefined when it is not a checkpoint at all. */
export function parseCheckpoint(line: string): Checkpoint | undefined {
  try {
    const v = JSON.parse(line) as Record<string, unknown>;
    const ok =
      (v.kind === 'head' || v.kind === 'restore') &&
      Number.isSafeInteger(v.seq) &&
      typeof v.hash === 'string' &&
      typeof v.at === 'string' &&
      Number.isSafeInteger(v.keyedFrom) &&
      typeof v.keyId === 'string' &&
      typeof v.signature === 'string';
    return ok ? (v as unknown as Checkpoint) : undefined;
  } catch {
    return undefined;
  }
}
