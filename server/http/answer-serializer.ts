import { isDeepStrictEqual } from 'node:util';
import fastJson from 'fast-json-stringify';
import { serializerCompiler as checkedSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type RouteSchema = Parameters<typeof checkedSerializerCompiler>[0];

/**
 * Answers are written by a serializer compiled once per route from its zod response schema (as
 * JSON Schema, through fast-json-stringify): no validation of every answer at run time. A schema
 * JSON Schema cannot express (a transform, a date object) keeps the zod serializer, which checks.
 * With `checkAnswers` (the tests) every answer is also checked against its zod schema and must
 * come out the same both ways, so a compiled serializer can never change an answer unseen.
 */
export function answerSerializerCompiler(checkAnswers: boolean) {
  return (route: RouteSchema) => {
    const checked = checkedSerializerCompiler(route);
    const compiled = compile(route.schema);
    if (!compiled) return checked;
    if (!checkAnswers) return compiled;
    return (data: unknown) => {
      const expected = checked(data);
      const written = compiled(data);
      if (!isDeepStrictEqual(JSON.parse(written), JSON.parse(expected))) {
        throw new Error(
          `${route.method} ${route.url}: the compiled serializer wrote ${written}, the schema gives ${expected}`,
        );
      }
      return written;
    };
  };
}

function compile(schema: unknown): ((data: unknown) => string) | undefined {
  if (!(schema instanceof z.ZodType)) return undefined;
  try {
    const json = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' });
    return fastJson(json as Parameters<typeof fastJson>[0]) as (data: unknown) => string;
  } catch {
    return undefined;
  }
}
