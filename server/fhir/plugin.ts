import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import type { Deps } from '../routes/types.ts';
import { FHIR_JSON, outcome, outcomeOfAppError } from './outcome.ts';
import { HANDLERS } from './resources.ts';
import { fhirRoutes } from './routes.ts';

/**
 * The FHIR R4 facade, registered under /fhir/R4 in its own context: FHIR JSON in and out, and
 * every error an OperationOutcome (the app's own error shape stays on /api).
 */
export async function fhirPlugin(app: FastifyInstance, { deps }: { deps: Deps }) {
  const json = app.getDefaultJsonParser('error', 'error');
  // FHIR clients send application/fhir+json; an empty body (an operation without parameters) is none.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    ['application/json', 'application/fhir+json', 'application/json-patch+json'],
    { parseAs: 'string' },
    (req, body, done) => {
      if (String(body).trim() === '') return done(null, undefined);
      return json(req, String(body), done);
    },
  );

  // POST [type]/_search sends its parameters as a form.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const params: Record<string, string[]> = {};
    for (const [k, v] of new URLSearchParams(String(body))) params[k] = [...(params[k] ?? []), v];
    done(null, params);
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.type(FHIR_JSON);
    // JSON only: a client that accepts nothing but XML gets 406 rather than JSON it cannot read.
    const accept = String(request.headers.accept ?? '');
    const format = /[?&]_format=([^&]*)/.exec(request.url)?.[1];
    const xmlOnly = /xml/i.test(accept) && !/json|\*\/\*|application\/\*/i.test(accept);
    if (xmlOnly || (format && /xml/i.test(decodeURIComponent(format)))) {
      return reply.status(406).send(outcome(406, 'This server answers JSON only (application/fhir+json).'));
    }
  });

  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    reply.type(FHIR_JSON);
    // RFC 6750: a refused bearer token names the scheme to use.
    if (
      (err as { status?: number; statusCode?: number }).status === 401 ||
      (err as FastifyError).statusCode === 401
    ) {
      reply.header('www-authenticate', 'Bearer realm="fhir"');
    }
    if (err instanceof AppError) return reply.status(err.status).send(outcomeOfAppError(err));
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err }, 'unhandled error');
      return reply.status(500).send(outcome(500, 'Something went wrong on the server. It has been logged.'));
    }
    const text =
      status === 415
        ? 'Send FHIR JSON (application/fhir+json or application/json).'
        : status === 413
          ? 'The request body is too large.'
          : status === 429
            ? 'Too many requests. Wait a minute and try again.'
            : 'The request could not be understood.';
    return reply.status(status).send(outcome(status, text));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const [type] = path.replace(/^\/fhir\/R4\/?/, '').split('/');
    // A path of a served type with a method it does not take is an unsupported interaction.
    if (type && HANDLERS.some((h) => h.type === type)) {
      return reply
        .type(FHIR_JSON)
        .status(405)
        .send(
          outcome(405, `${request.method} ${path.slice(0, 200)} is not an interaction this server supports.`),
        );
    }
    reply
      .type(FHIR_JSON)
      .status(404)
      .send(outcome(404, `No such path: ${request.method} ${path.slice(0, 200)}`));
  });

  fhirRoutes(app, deps);
}
