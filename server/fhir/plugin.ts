import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import type { Deps } from '../routes/types.ts';
import { FHIR_JSON, outcome, outcomeOfAppError } from './outcome.ts';
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
    ['application/json', 'application/fhir+json'],
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

  app.addHook('onRequest', async (_request, reply) => {
    reply.type(FHIR_JSON);
  });

  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    reply.type(FHIR_JSON);
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
    reply
      .type(FHIR_JSON)
      .status(404)
      .send(outcome(404, `No such path: ${request.method} ${request.url.split('?')[0]?.slice(0, 200)}`));
  });

  fhirRoutes(app, deps);
}
