import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';

const body = (code: string, message: string, details?: Record<string, unknown>) => ({
  error: details ? { code, message, details } : { code, message },
});

/** The one place where errors become HTTP answers. Internals never reach the client. */
export function installErrorHandler(
  app: FastifyInstance,
  /** Answers an unknown path another way (the web app's deep links); false: not handled. */
  fallback?: (request: FastifyRequest, reply: FastifyReply) => Promise<boolean>,
): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(body(err.code, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: Record<string, string> = {};
      for (const v of err.validation) {
        const at = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        // An unknown field is named itself, not the object that holds it.
        const unknown = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: unknown }).keys : undefined;
        if (Array.isArray(unknown) && unknown.length > 0) {
          for (const key of unknown) fields[at ? `${at}.${String(key)}` : String(key)] ??= 'Unknown field.';
          continue;
        }
        fields[at || String(err.validationContext ?? 'body')] ??= v.message ?? 'Invalid value.';
      }
      return reply.status(422).send(body('invalid_input', 'Some fields are not valid.', { fields }));
    }
    const status = err.statusCode ?? 500;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
      return reply.status(413).send(body('payload_too_large', 'The request body is too large.'));
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) {
      return reply.status(415).send(body('unsupported_media_type', 'Send JSON (application/json).'));
    }
    if (
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      err instanceof SyntaxError
    ) {
      return reply.status(400).send(body('invalid_json', 'The request body is not valid JSON.'));
    }
    if (status === 429) {
      return reply.status(429).send(body('rate_limited', 'Too many attempts. Wait a minute and try again.'));
    }
    if (status >= 400 && status < 500) {
      return reply.status(status).send(body('bad_request', 'The request could not be understood.'));
    }
    request.log.error({ err }, 'unhandled error');
    return reply
      .status(500)
      .send(body('internal_error', 'Something went wrong on the server. It has been logged.'));
  });

  app.setNotFoundHandler(async (request, reply) => {
    if (fallback && (await fallback(request, reply))) return reply;
    return reply.status(404).send(body('not_found', 'No such path.'));
  });
}

/**
 * Errors the router raises before any route or error handler runs (a malformed percent-encoding,
 * an over-long path parameter); given to Fastify as `frameworkErrors` so they keep the error shape.
 */
export function frameworkErrorHandler(err: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return reply.status(414).send(body('uri_too_long', 'The request path is too long.'));
  }
  if (err.code === 'FST_ERR_BAD_URL') {
    return reply.status(400).send(body('bad_url', 'The request path is not a valid URL.'));
  }
  return reply.status(400).send(body('bad_request', 'The request could not be understood.'));
}
