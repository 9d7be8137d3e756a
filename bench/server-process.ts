import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/app.ts';
import { systemClock } from '../server/clock.ts';
import { loadConfig } from '../server/config.ts';
import { type Database, openEmbedded, openPostgres } from '../server/db/client.ts';
import { embeddedDbDir, prepareDatabase } from '../server/runtime.ts';
import { LocalDiskStore } from '../server/storage/local-disk.ts';

/**
 * The Vellum HTTP server as its own process, for measuring its memory: forked by bench/rss.ts with
 * the database kind and location, it listens on a free port, reports the port, and on "report"
 * answers with its resident set size (now and the peak seen after any response), then exits.
 */

export interface ServerReport {
  type: 'report';
  rss: number;
  peakRss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

async function main() {
  const [kind, location] = process.argv.slice(2);
  if (!location || (kind !== 'embedded' && kind !== 'postgres')) {
    throw new Error('usage: server-process.ts embedded|postgres <data dir|url>');
  }
  const database: Database =
    kind === 'embedded' ? await openEmbedded(embeddedDbDir(location)) : await openPostgres(location);
  await prepareDatabase(database);
  const config = loadConfig({ ...process.env, DATABASE_URL: '', VELLUM_FAKE_TIME: '', PORT: '0' });
  const filesDir = await mkdtemp(path.join(os.tmpdir(), 'vellum-bench-files-'));
  const storage = new LocalDiskStore(filesDir);
  const app = await buildApp({ config, database, clock: systemClock, storage });
  let peakRss = process.memoryUsage.rss();
  app.addHook('onResponse', async () => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ type: 'ready', port, rss: process.memoryUsage.rss() });
  process.on('message', async (message) => {
    if (message !== 'report') return;
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    const report: ServerReport = {
      type: 'report',
      rss: m.rss,
      peakRss,
      heapUsed: m.heapUsed,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
    };
    process.send?.(report);
    await app.close();
    await database.close();
    await rm(filesDir, { recursive: true, force: true });
    process.disconnect?.();
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
