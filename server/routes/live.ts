import { AppError } from '../errors.ts';
import { actorOf } from '../http/auth.ts';
import type { App, Deps } from './types.ts';

/**
 * GET /api/live upgrades to a WebSocket, authenticated like the API. The checks run before the
 * upgrade, so a refused client gets a plain HTTP answer. A browser session may only connect from
 * Vellum's own origin: cookies alone would let another site open the socket.
 */
export function liveRoutes(app: App, { live }: Deps) {
  app.get(
    '/api/live',
    {
      websocket: true,
      schema: { tags: ['live'] },
      preValidation: async (request) => {
        const actor = actorOf(request);
        const origin = request.headers.origin;
        if (actor.via === 'session' && origin && safeHost(origin) !== request.headers.host) {
          throw new AppError(403, 'forbidden_origin', "Live editing is only open to Vellum's own pages.");
        }
      },
    },
    (socket, request) => live.connect(socket, actorOf(request)),
  );
}

function safeHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
