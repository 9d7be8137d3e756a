import { readFile } from 'node:fs/promises';
import { startBenchServer } from './bench-server.ts';
import type { BenchDatabase } from './database.ts';
import type { Seeded } from './seed.ts';
import { type Summary, summarize, timeOnce } from './stats.ts';

/**
 * Starts `vellum serve` in its own process on the seeded database, drives list and search requests
 * at it over HTTP (a few at a time, like a handful of busy users) and reads its resident set size
 * from the operating system, the peak since start-up included. For the embedded database the
 * database engine lives in that process too, and is counted.
 */

export interface RssResult {
  requests: number;
  concurrency: number;
  /** RSS when the server is ready, before any request. */
  readyRss: number;
  rss: number;
  /** The highest since the process started (start-up and its ANALYZE included). */
  peakRss: number;
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

/** The server's resident set size now and at its highest since it started (Linux's VmRSS, VmHWM). */
async function memoryOf(pid: number): Promise<{ rss: number; peakRss: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') * 1024, peakRss: kib('VmHWM') * 1024 };
}

export async function measureServerRss(
  bench: BenchDatabase,
  seeded: Seeded,
  requests: number,
  concurrency = 4,
): Promise<RssResult> {
  const server = await startBenchServer(bench);
  try {
    const pid = server.child.pid as number;
    const ready = await memoryOf(pid);
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
            const res = await fetch(server.url + url, { headers });
            await res.arrayBuffer();
            if (res.status !== 200) failures++;
          }),
        );
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    const after = await memoryOf(pid);
    return {
      requests,
      concurrency,
      readyRss: ready.rss,
      rss: after.rss,
      peakRss: after.peakRss,
      latency: summarize(latencies),
      requestsPerSecond: requests / seconds,
      failures,
    };
  } finally {
    await server.stop();
  }
}
