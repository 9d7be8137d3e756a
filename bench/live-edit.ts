import { createApiToken } from '../server/services/auth.ts';
import { createEntry } from '../server/services/entries/entry-use-cases.ts';
import { createPatient } from '../server/services/patients/create-patient.ts';
import { liveClient } from '../server/testing/live-client.ts';
import { startBenchServer } from './bench-server.ts';
import { benchClinician } from './clinician.ts';
import { type BenchDatabase, openPrepared } from './database.ts';
import { type Summary, summarize } from './stats.ts';

export interface LiveResult {
  clients: number;
  patches: number;
  ack: Summary;
  fanout: Summary;
}

/**
 * Live editing: `clients` WebSocket clients have one entry open on a real server; one of them types
 * `patches` edits one after another. Measured: the editor's round trip to its ack, and the time
 * until another client (the last one connected) sees the change. The server is `vellum serve` in its
 * own process (bench/bench-server.ts), as in a deployment, so the clients' work is not counted as the
 * server's.
 */

export async function liveEdit(bench: BenchDatabase, clients: number, patches: number): Promise<LiveResult> {
  const database = await openPrepared(bench);
  const { ctx, actor } = await benchClinician(database, 'Live');
  const token = (await createApiToken(ctx, actor, 'bench')).token;
  const patient = await createPatient(ctx, actor, { uniqueId: `live-${Date.now().toString(36)}` });
  const entry = await createEntry(ctx, actor, patient.id, { appointmentAt: new Date() });
  // The embedded database belongs to one process: the server's, from here on.
  await database.close();
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (docs/PERFORMANCE.md).
  const profileDir = process.env.BENCH_CPU_PROF;
  const server = await startBenchServer(
    bench,
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );
  try {
    const url = `${server.url.replace(/^http/, 'ws')}/api/live`;
    const headers = { authorization: `Bearer ${token}` };
    const sockets = [];
    for (let i = 0; i < clients; i++) {
      const c = await liveClient(url, headers);
      c.send({ type: 'subscribe', entryId: entry.id });
      await c.next();
      sockets.push(c);
    }
    const editor = sockets[0];
    const watcher = sockets[sockets.length - 1];
    if (!editor || !watcher) throw new Error('no clients');
    const acks: number[] = [];
    const fanouts: number[] = [];
    let version = entry.version;
    for (let i = 0; i < patches + 10; i++) {
      const start = performance.now();
      const seen = watcher.next();
      editor.send({
        type: 'patch',
        entryId: entry.id,
        baseVersion: version,
        changes: { notes: `note ${i}` },
        requestId: `r${i}`,
      });
      const ack = await editor.next();
      const ackAt = performance.now();
      await seen;
      const seenAt = performance.now();
      // Drain what the other clients received, so their queues stay short.
      await Promise.all(sockets.slice(1, -1).map((s) => s.next()));
      version = Number(ack.version);
      if (i >= 10) {
        acks.push(ackAt - start);
        fanouts.push(seenAt - start);
      }
    }
    for (const s of sockets) s.close();
    return { clients, patches, ack: summarize(acks), fanout: summarize(fanouts) };
  } finally {
    // Gracefully, so that a profiled server writes its profile.
    await server.stop();
  }
}
