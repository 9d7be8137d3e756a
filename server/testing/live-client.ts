import WebSocket from 'ws';

/** A WebSocket client that queues what it receives, so tests can wait for the next message. */
export async function liveClient(wsUrl: string, headers: Record<string, string>) {
  const socket = new WebSocket(wsUrl, { headers });
  const inbox: Record<string, unknown>[] = [];
  const waiters: ((m: Record<string, unknown>) => void)[] = [];
  const ended = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  socket.on('message', (raw) => {
    const m = JSON.parse(raw.toString());
    const w = waiters.shift();
    if (w) w(m);
    else inbox.push(m);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return {
    send: (m: Record<string, unknown>) => socket.send(JSON.stringify(m)),
    next: (ms = 5000) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const queued = inbox.shift();
        if (queued) return resolve(queued);
        const timer = setTimeout(() => reject(new Error('no message')), ms);
        waiters.push((m) => {
          clearTimeout(timer);
          resolve(m);
        });
      }),
    close: () => socket.close(),
    /** Resolves with the close code once the server (or this side) closed the socket. */
    ended: () => ended,
  };
}
