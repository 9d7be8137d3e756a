import { chmodSync, existsSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Everything Vellum creates under its data dir is for its own user only: folders 0700, files
 * 0600. The umask covers what is created from now on (the embedded database's own files
 * included, which it writes with 0666); what an older version left is tightened here.
 */
export function keepDataDirPrivate(dataDir: string): void {
  process.umask(0o077);
  if (existsSync(dataDir)) tighten(dataDir);
}

function tighten(target: string): void {
  const stat = lstatSync(target);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o700) chmodSync(target, 0o700);
    for (const name of readdirSync(target)) tighten(path.join(target, name));
  } else if (stat.isFile() && (stat.mode & 0o077) !== 0) chmodSync(target, stat.mode & 0o700);
}
