import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { LocalDiskStore } from '../server/storage/local-disk.ts';

/**
 * The disk's own pace at removing the cleanup's files, with no database and no reader: tiny files
 * in the local store's layout (`accounts/<account>/images/<image>/` holding an original, a preview
 * and a thumbnail), removed in several ways.
 */

const FILES = ['original.jpg', 'preview.jpg', 'thumbnail.jpg'];

export interface ImageFiles {
  root: string;
  /** Directories of the images, one per image. */
  dirs: string[];
  /** Keys of the store, three per image. */
  keys: string[];
}

/**
 * Writes `images` image directories of three tiny files each under a new temporary directory and
 * flushes the file system: the cleanup removes files written years ago, which are on the disk, and
 * removing a file that was never written back costs the disk almost nothing.
 */
export function writeImageTree(images: number): ImageFiles {
  const root = mkdtempSync(path.join(os.tmpdir(), 'vellum-bench-removal-'));
  const account = randomUUID();
  const dirs: string[] = [];
  const keys: string[] = [];
  for (let i = 0; i < images; i++) {
    const key = `accounts/${account}/images/${randomUUID()}`;
    const dir = path.join(root, key);
    mkdirSync(dir, { recursive: true });
    for (const f of FILES) {
      writeFileSync(path.join(dir, f), 'seed');
      keys.push(`${key}/${f}`);
    }
    dirs.push(dir);
  }
  flushFileSystem(root);
  return { root, dirs, keys };
}

/** Writes back everything dirty on the file system holding `dir` (syncfs). */
export function flushFileSystem(dir: string) {
  execFileSync('sync', ['-f', dir]);
}

const pool = async <T>(items: T[], inFlight: number, each: (item: T) => Promise<unknown>) => {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await each(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, items.length) }, worker));
};

export interface RemovalMethod {
  name: string;
  remove: (tree: ImageFiles) => Promise<void>;
}

const run = promisify(execFile);

/** Ways to remove the tree, the store's own first. */
export const REMOVAL_METHODS: RemovalMethod[] = [
  {
    name: 'LocalDiskStore.removeMany (the cleanup’s call)',
    remove: (t) => new LocalDiskStore(t.root).removeMany(t.keys),
  },
  { name: 'fs.unlink, 4 in flight', remove: (t) => pool(t.keys, 4, (k) => unlink(path.join(t.root, k))) },
  {
    name: 'fs.unlink, 256 in flight',
    remove: (t) => pool(t.keys, 256, (k) => unlink(path.join(t.root, k))),
  },
  {
    name: 'fs.rm recursive per image directory, 64 in flight',
    remove: (t) => pool(t.dirs, 64, (d) => rm(d, { recursive: true, force: true })),
  },
  {
    name: 'rm -rf of the whole tree (one child process)',
    remove: async (t) => {
      await run('rm', ['-rf', path.join(t.root, 'accounts')]);
    },
  },
];

export interface RemovalFigure {
  name: string;
  files: number;
  seconds: number;
  filesPerSecond: number;
}

/** Times one method on a fresh tree of `images` images; the tree is gone afterwards. */
export async function timeRemoval(method: RemovalMethod, images: number): Promise<RemovalFigure> {
  const tree = writeImageTree(images);
  try {
    const t0 = performance.now();
    await method.remove(tree);
    const seconds = (performance.now() - t0) / 1000;
    // A method that leaves files behind did not do the job: its figure would flatter it.
    const left = (await new LocalDiskStore(tree.root).list('')).length;
    if (left !== 0) throw new Error(`${method.name} left ${left} files`);
    return {
      name: method.name,
      files: tree.keys.length,
      seconds,
      filesPerSecond: tree.keys.length / seconds,
    };
  } finally {
    await rm(tree.root, { recursive: true, force: true });
  }
}
