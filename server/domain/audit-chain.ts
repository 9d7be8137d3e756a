import { createHash } from 'node:crypto';

/** The first link's predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export const contentHash = (content: unknown) => sha256(canonicalJson(content));
export const linkHash = (prevHash: string, content: string) => sha256(`${prevHash}:${content}`);

export interface ChainLink {
  seq: number;
  prevHash: string;
  contentHash: string;
  hash: string;
  /** Null when the content was removed under retention; the hashes remain. */
  content: unknown | null;
  /** False when a redacted link still carries content: a tampered redaction. */
  redactionClean?: boolean;
}

export interface ChainCheck {
  intact: boolean;
  brokenAt?: number;
  lastHash: string;
}

/** Checks one run of links, continuing from `expectedPrev`. */
export function checkLinks(links: ChainLink[], expectedPrev: string): ChainCheck {
  let prev = expectedPrev;
  for (const link of links) {
    const contentOk =
      link.redactionClean !== false &&
      (link.content === null || contentHash(link.content) === link.contentHash);
    if (!contentOk || link.prevHash !== prev || linkHash(link.prevHash, link.contentHash) !== link.hash) {
      return { intact: false, brokenAt: link.seq, lastHash: prev };
    }
    prev = link.hash;
  }
  return { intact: true, lastHash: prev };
}
