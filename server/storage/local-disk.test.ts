import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalDiskStore } from './local-disk.ts';

const root = mkdtempSync(path.join(tmpdir(), 'vstore-'));
const store = new LocalDiskStore(root);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('LocalDiskStore', () => {
  it('puts, reads, checks and removes files under server-chosen keys', async () => {
    await store.put('images/ab/one.png', Buffer.from('pixels'));
    await store.put('images/ab/two.png', Readable.from(['streamed']));
    expect(await text(await store.get('images/ab/one.png'))).toBe('pixels');
    expect(await text(await store.get('images/ab/two.png'))).toBe('streamed');
    expect(await store.exists('images/ab/one.png')).toBe(true);
    await store.remove('images/ab/one.png');
    await store.remove('images/ab/one.png');
    expect(await store.exists('images/ab/one.png')).toBe(false);
    expect(readdirSync(path.join(root, 'images/ab'))).toEqual(['two.png']);
    await expect(store.check()).resolves.toBeUndefined();
  });

  it.each(['../etc/passwd', '/abs', 'a/../../b', 'Upper.png', 'a//b', ''])(
    'refuses the key %j',
    async (key) => {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(/invalid storage key/);
    },
  );
});
