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
/** The unkeyed link of the events written before the deployment had an audit key. */
export const linkHash = (prevHash: string, content: string) => sha256(`${prevHash}:${content}`);
/** What the keyed link and the redaction seal are MACs of. */
export const linkText = (prevHash: string, content: string) => `${prevHash}:${content}`;
export const sealText = (hash: string) => `redacted:${hash}`;

export interface ChainLink {
  seq: number;
  prevHash: string;
  contentHash: string;
  hash: string;
  /** Null when the content was removed (redacted); the hashes remain. */
  content: unknown | null;
  /** For a redacted link: every content column is empty (leftover content means an edit). */
  redactionClean?: boolean;
  /** For a redacted link: the seal written by the server's own redaction. */
  redactionSeal?: string | null;
}

export interface ChainRules {
  /** The first seq whose link is keyed and whose seq follows the previous one without a gap. */
  keyedFrom: number;
  /** HMAC-SHA-256 under the audit key, hex. */
  mac(text: string): string;
}

export type ChainProblemKind = 'gap' | 'content' | 'link' | 'redaction';

export interface ChainProblem {
  seq: number;
  kind: ChainProblemKind;
  message: string;
}

export interface ChainCheck {
  intact: boolean;
  brokenAt?: number;
  problem?: ChainProblem;
  lastHash: string;
  lastSeq: number;
}

/** Where a run of links continues from: the last checked link (GENESIS_HASH, 0 at the start). */
export interface ChainPosition {
  hash: string;
  seq: number;
}

/** Checks one run of links, continuing from `from`; stops at the first problem. */
export function checkLinks(links: ChainLink[], from: ChainPosition, rules: ChainRules): ChainCheck {
  let prev = from;
  for (const link of links) {
    const problem = linkProblem(link, prev, rules);
    if (problem)
      return { intact: false, brokenAt: link.seq, problem, lastHash: prev.hash, lastSeq: prev.seq };
    prev = { hash: link.hash, seq: link.seq };
  }
  return { intact: true, lastHash: prev.hash, lastSeq: prev.seq };
}

function linkProblem(link: ChainLink, prev: ChainPosition, rules: ChainRules): ChainProblem | undefined {
  const problem = (kind: ChainProblemKind, message: string) => ({ seq: link.seq, kind, message });
  const keyed = link.seq >= rules.keyedFrom;
  // Keyed events are numbered without gaps (appends are serialized); older ones came from a
  // sequence that a rolled-back transaction could skip, so only their links are checked.
  if (keyed && prev.seq >= rules.keyedFrom - 1 && prev.seq > 0 && link.seq !== prev.seq + 1) {
    return problem('gap', `Events ${prev.seq + 1} to ${link.seq - 1} are missing.`);
  }
  if (link.prevHash !== prev.hash) return problem('link', 'The event does not follow the one before it.');
  if (link.content === null) {
    if (link.redactionClean === false) return problem('redaction', 'A redacted event still carries content.');
    if (!link.redactionSeal || link.redactionSeal !== rules.mac(sealText(link.hash))) {
      return problem('redaction', 'The event was redacted, but not by a retention rule of this deployment.');
    }
  } else if (contentHash(link.content) !== link.contentHash) {
    return problem('content', "The event's content was changed.");
  }
  const expected = keyed
    ? rules.mac(linkText(link.prevHash, link.contentHash))
    : linkHash(link.prevHash, link.contentHash);
  if (expected !== link.hash) {
    return problem(
      'link',
      keyed ? "The link is not signed with this deployment's audit key." : 'The link was changed.',
    );
  }
  return undefined;
}
