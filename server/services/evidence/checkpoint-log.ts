import { appendFileSync, closeSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Checkpoint, parseCheckpoint } from '../../domain/checkpoint.ts';
import type { BlobStore } from '../../storage/blob-store.ts';

/** A line of the log that is not a checkpoint: reported, never skipped silently. */
export interface UnreadableCheckpoint {
  source: string;
  line: number;
}

export interface CheckpointLog {
  append(checkpoint: Checkpoint): Promise<void>;
  readAll(): Promise<{
    checkpoints: Array<Checkpoint & { source: string }>;
    unreadable: UnreadableCheckpoint[];
  }>;
  /** Where checkpoints go, for the verification's answer. */
  sources: string[];
}

export const checkpointFile = (dataDir: string) => path.join(dataDir, 'audit-checkpoints.jsonl');
const PREFIX = 'audit-checkpoints/';

/**
 * Checkpoints go to an append-only file in the data dir, and also to the object store when the
 * deployment stores its files in S3 (a bucket with object lock keeps them against deletion).
 */
export function openCheckpointLog(dataDir: string, objectStore?: BlobStore): CheckpointLog {
  const file = checkpointFile(dataDir);
  return {
    sources: objectStore ? ['file', 'object-store'] : ['file'],
    async append(c) {
      const fd = openSync(file, 'a', 0o600);
      try {
        appendFileSync(fd, `${JSON.stringify(c)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      if (objectStore) {
        const name = `${PREFIX}${String(c.seq).padStart(16, '0')}-${c.at.replace(/[^0-9]/g, '')}.json`;
        await objectStore.put(name, Buffer.from(JSON.stringify(c)));
      }
    },
    async readAll() {
      const checkpoints: Array<Checkpoint & { source: string }> = [];
      const unreadable: UnreadableCheckpoint[] = [];
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      text.split('\n').forEach((line, i) => {
        if (line.trim() === '') return;
        const c = parseCheckpoint(line);
        if (c) checkpoints.push({ ...c, source: 'file' });
        else unreadable.push({ source: 'file', line: i + 1 });
      });
      if (objectStore) {
        const seen = new Set(checkpoints.map((c) => c.signature));
        for (const blob of await objectStore.list(PREFIX)) {
          const c = parseCheckpoint((await objectStore.read(blob.key)).toString('utf8'));
          if (!c) unreadable.push({ source: blob.key, line: 1 });
          else if (!seen.has(c.signature)) checkpoints.push({ ...c, source: blob.key });
        }
      }
      // In the order written (a stable sort keeps the file order at equal times): a restore checkpoint
      // ends the validity of those before it.
      checkpoints.sort((a, b) => a.at.localeCompare(b.at));
      return { checkpoints, unreadable };
    },
  };
}
