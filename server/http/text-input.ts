import type { FastifyInstance } from 'fastify';
import { textInputProblems, textRefusalMessage } from '../domain/text-input.ts';
import { invalid } from '../errors.ts';

/**
 * PostgreSQL text cannot hold U+0000: a NUL in a query string or JSON body is invalid input (422
 * naming the field), checked before any schema or service sees it, never a database error. Control
 * characters are refused the same way (CR/LF in a name, BEL, a right-to-left override); the rule
 * is domain/text-input.ts, which live-socket patches go through too.
 */
export function installTextInputCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const fields = textInputProblems(request.query, request.body);
    if (Object.keys(fields).length > 0) throw invalid(textRefusalMessage(fields), fields);
  });
}
