import { forkServerProcess } from './compiled-server.ts';
import type { BenchDatabase } from './database.ts';
import type { Seeded } from './seed.ts';
import type { ServerReport } from './server-process.ts';
import { type Summary, summarize, timeOnce } from './stats.ts';

/**
 * Starts the real server in its own process on the seeded database, drives list and search requests
 * at it over HTTP (a few at a time, like a handful of busy users) and reads its resident set size.
 * For the embedded database the database engine lives in that process too, and is counted.
 */

export interface RssResult {
  requests: number;
  concurrency: number;
  /** RSS when the server is ready, before any request. */
  readyRss: number;
  rss: number;
  peakRss: number;
  heapUsed: number;
  latency: Summary;
  requestsPerSecond: number;
  failures: number;
}

/** A mix of what the patient-database page asks for: sorts, pages, filters and searches. */
function requestUrls(seeded: Seeded, count: number): string[] {
  const sorts = ['lastModified', 'lastAppointment', 'uniqueId', 'name'];
  const searches = ['smi', 'tay', 'em', 'emma w', 'p01', 'p0456', 'o', 'jon', 'mül', 'p99'];
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    const params = new URLSearchParams({ pageSize: '50' });
    const sort = sorts[i % sorts.length] ?? 'lastModified';
    params.set('sort', sort);
    params.set('order', i % 3 === 0 ? 'asc' : 'desc');
    params.set('page', String(1 + ((i * 7) % 60)));
    switch (i % 5) {
      case 1:
        params.set('q', searches[i % searches.length] ?? 'a');
        params.set('page', '1');
        break;
      case 2:
        params.set('tags', `${seeded.tagIds[i % 20]},${seeded.tagIds[(i * 3 + 1) % 20]}`);
        params.set('tagMode', i % 2 ? 'all' : 'any');
        break;
      case 3:
        params.set('minImages', String(i % 40));
        params.set('maxImages', String((i % 40) + 20));
        break;
    }
    urls.push(`/api/patients?${params}`);
  }
  return urls;
}

export async function measureServerRss(
  bench: BenchDatabase,
  seeded: Seeded,
  requests: number,
  concurrency = 4,
): Promise<RssResult> {
  const child = await forkServerProcess([bench.kind, bench.location], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    const ready = await new Promise<{ port: number; rss: number }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { port: number; rss: number }));
      child.once('exit', (code) => reject(new Error(`the server exited early (${code})`)));
    });
    const base = `http://127.0.0.1:${ready.port}`;
    const headers = { authorization: `Bearer ${seeded.token}` };
    const urls = requestUrls(seeded, requests);
    const latencies: number[] = [];
    let failures = 0;
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < urls.length) {
        const url = urls[next++] as string;
        latencies.push(
          await timeOnce(async () => {
            const res = await fetch(base + url, { headers });
            await res.arrayBuffer();
            if (res.status !== 200) failures++;
          }),
        );
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    const report = await new Promise<ServerReport>((resolve) => {
      child.once('message', (m) => resolve(m as ServerReport));
      child.send('report');
    });
    await exited;
    return {
      requests,
      concurrency,
      readyRss: ready.rss,
      rss: report.rss,
      peakRss: report.peakRss,
      heapUsed: report.heapUsed,
      latency: summarize(latencies),
      requestsPerSecond: requests / seconds,
      failures,
    };
  } finally {
    if (child.exitCode === null) child.kill();
  }
}
