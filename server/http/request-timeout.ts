import type { FastifyInstance } from 'fastify';
import { hasBody } from './content-type.ts';

const BODY = JSON.stringify({
  error: { code: 'request_timeout', message: 'The request took too long to arrive.' },
});

/**
 * A body must arrive whole within the time limit. Node's own requestTimeout stops counting once a
 * request reaches its handler, so an upload trickled a byte at a time and never finished (slow
 * loris) would hold a connection, a temporary file and a handler forever: answer 408 and close.
 */
export function installBodyTimeout(app: FastifyInstance, ms: number): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (!hasBody(request)) return done();
    const raw = request.raw;
    const timer = setTimeout(() => {
      if (raw.complete) return;
      const socket = raw.socket;
      if (reply.raw.headersSent) return socket.destroy();
      reply.raw.writeHead(408, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
      reply.raw.end(BODY, () => socket.destroy());
    }, ms);
    timer.unref();
    reply.raw.once('close', () => clearTimeout(timer));
    done();
  });
}
