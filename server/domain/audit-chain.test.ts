import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type ChainLink,
  type ChainRules,
  canonicalJson,
  checkLinks,
  contentHash,
  GENESIS_HASH,
  linkHash,
  linkText,
  sealText,
} from './audit-chain.ts';

const mac = (text: string) => createHmac('sha256', 'k'.repeat(32)).update(text).digest('hex');
const start = { hash: GENESIS_HASH, seq: 0 };

/** A chain whose links from `keyedFrom` on are keyed; the ones before, plain SHA-256. */
function chain(contents: unknown[], keyedFrom = 1): { links: ChainLink[]; rules: ChainRules } {
  let prev = GENESIS_HASH;
  const links = contents.map((content, i) => {
    const c = contentHash(content);
    const seq = i + 1;
    const hash = seq >= keyedFrom ? mac(linkText(prev, c)) : linkHash(prev, c);
    const link = { seq, prevHash: prev, contentHash: c, hash, content };
    prev = hash;
    return link;
  });
  return { links, rules: { keyedFrom, mac } };
}

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe('checkLinks', () => {
  const events = [{ action: 'a' }, { action: 'b', details: { x: 1 } }, { action: 'c' }, { action: 'd' }];

  it('accepts an untouched chain, keyed or migrated from unkeyed links', () => {
    for (const keyedFrom of [1, 3]) {
      const { links, rules } = chain(events, keyedFrom);
      expect(checkLinks(links, start, rules)).toMatchObject({ intact: true, lastSeq: 4 });
    }
  });
  it('finds edited content', () => {
    const { links, rules } = chain(events);
    links[1] = { ...links[1], content: { action: 'b', details: { x: 2 } } } as ChainLink;
    expect(checkLinks(links, start, rules)).toMatchObject({
      intact: false,
      brokenAt: 2,
      problem: { kind: 'content' },
    });
  });
  it('finds a removed link as a gap in the keyed part', () => {
    const { links, rules } = chain(events);
    links.splice(1, 1);
    expect(checkLinks(links, start, rules)).toMatchObject({
      intact: false,
      brokenAt: 3,
      problem: { kind: 'gap' },
    });
  });
  it('finds a chain recomputed with plain SHA-256 after the key', () => {
    const { links, rules } = chain(events, 5);
    expect(checkLinks(links, start, { ...rules, keyedFrom: 3 })).toMatchObject({
      intact: false,
      brokenAt: 3,
      problem: { kind: 'link' },
    });
  });
  it('accepts a sealed redaction (content removed, hashes kept)', () => {
    const { links, rules } = chain(events);
    const l = links[1] as ChainLink;
    links[1] = { ...l, content: null, redactionClean: true, redactionSeal: mac(sealText(l.hash)) };
    expect(checkLinks(links, start, rules)).toMatchObject({ intact: true });
  });
  it('refuses a redaction without a seal, or that left content behind', () => {
    const { links, rules } = chain(events);
    const l = links[1] as ChainLink;
    links[1] = { ...l, content: null, redactionClean: true, redactionSeal: null };
    expect(checkLinks(links, start, rules)).toMatchObject({ brokenAt: 2, problem: { kind: 'redaction' } });
    links[1] = { ...l, content: null, redactionClean: false, redactionSeal: mac(sealText(l.hash)) };
    expect(checkLinks(links, start, rules)).toMatchObject({ brokenAt: 2, problem: { kind: 'redaction' } });
  });
});
