import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * One process owns an embedded data dir at a time: a second opener must not touch the database
 * files. The lock is a file holding the owner's pid; a lock whose process is gone is taken over.
 */
export class DataDirLock {
  private constructor(readonly file: string) {}

  static lockFile(dataDir: string) {
    return path.join(dataDir, 'vellum.lock');
  }

  /** The pid of the live process holding the lock, if any. */
  static holder(dataDir: string): number | undefined {
    try {
      const pid = Number(readFileSync(DataDirLock.lockFile(dataDir), 'utf8').trim());
      if (!Number.isInteger(pid) || pid <= 0) return undefined;
      if (pid === process.pid) return pid;
      process.kill(pid, 0);
      return pid;
    } catch (err) {
      // EPERM: the process exists but belongs to someone else; it still holds the lock.
      if ((err as NodeJS.ErrnoException).code === 'EPERM')
        return Number(readFileSync(DataDirLock.lockFile(dataDir), 'utf8'));
      return undefined;
    }
  }

  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true });
    const file = DataDirLock.lockFile(dataDir);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return new DataDirLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = DataDirLock.holder(dataDir);
        if (holder !== undefined) throw new DataDirBusyError(dataDir, holder);
        unlinkSync(file); // stale: its process is gone
      }
    }
    throw new DataDirBusyError(dataDir, undefined);
  }

  release(): void {
    try {
      if (readFileSync(this.file, 'utf8').trim() === String(process.pid)) unlinkSync(this.file);
    } catch {
      // already gone
    }
  }
}

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number | undefined,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Vellum process${pid ? ` (pid ${pid})` : ''}. ` +
        'Stop it first, or run the command while it serves so that it goes through its local socket.',
    );
  }
}
