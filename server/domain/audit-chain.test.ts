import { describe, expect, it } from 'vitest';
import {
  type ChainLink,
  canonicalJson,
  checkLinks,
  contentHash,
  GENESIS_HASH,
  linkHash,
} from './audit-chain.ts';

function chain(contents: unknown[]): ChainLink[] {
  let prev = GENESIS_HASH;
  return contents.map((content, i) => {
    const c = contentHash(content);
    const link = { seq: i + 1, prevHash: prev, contentHash: c, hash: linkHash(prev, c), content };
    prev = link.hash;
    return link;
  });
}

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe('checkLinks', () => {
  const events = [{ action: 'a' }, { action: 'b', details: { x: 1 } }, { action: 'c' }];

  it('accepts an untouched chain', () => {
    expect(checkLinks(chain(events), GENESIS_HASH)).toMatchObject({ intact: true });
  });
  it('finds edited content', () => {
    const links = chain(events);
    links[1] = { ...links[1], content: { action: 'b', details: { x: 2 } } } as ChainLink;
    expect(checkLinks(links, GENESIS_HASH)).toMatchObject({ intact: false, brokenAt: 2 });
  });
  it('finds a removed link', () => {
    const links = chain(events);
    links.splice(1, 1);
    expect(checkLinks(links, GENESIS_HASH)).toMatchObject({ intact: false, brokenAt: 3 });
  });
  it('accepts a clean redaction (content removed, hashes kept)', () => {
    const links = chain(events);
    links[1] = { ...links[1], content: null, redactionClean: true } as ChainLink;
    expect(checkLinks(links, GENESIS_HASH)).toMatchObject({ intact: true });
  });
  it('refuses a redaction that left content behind', () => {
    const links = chain(events);
    links[1] = { ...links[1], content: null, redactionClean: false } as ChainLink;
    expect(checkLinks(links, GENESIS_HASH)).toMatchObject({ intact: false, brokenAt: 2 });
  });
});
