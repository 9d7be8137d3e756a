import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { answerSerializerCompiler } from './answer-serializer.ts';

const schema = z.object({
  id: z.string(),
  count: z.number().int(),
  note: z.string().nullable(),
  tags: z.array(z.string()),
  consent: z.object({ status: z.enum(['none', 'active']), banner: z.boolean() }),
});
const route = { schema, method: 'GET', url: '/api/things/:id', httpStatus: '200' };
const answer = {
  id: 'a',
  count: 2,
  note: null,
  tags: ['x'],
  consent: { status: 'none', banner: true },
};

describe('the compiled answer serializer', () => {
  it('writes what the zod serializer writes, leaving out fields the schema does not name', () => {
    const write = answerSerializerCompiler(false)(route);
    const extra = { ...answer, secret: 'not in the schema', consent: { ...answer.consent, x: 1 } };
    expect(JSON.parse(write(extra))).toEqual(answer);
  });

  it('when checking answers, refuses one the schema refuses', () => {
    const write = answerSerializerCompiler(true)(route);
    expect(JSON.parse(write(answer))).toEqual(answer);
    expect(() => write({ ...answer, count: 'two' })).toThrow();
    expect(() => write({ ...answer, consent: { status: 'maybe', banner: true } })).toThrow();
  });

  it('keeps the checking serializer for a schema JSON Schema cannot express', () => {
    const dated = { ...route, schema: z.object({ at: z.date() }) };
    expect(() => answerSerializerCompiler(false)(dated)({ at: 'not a date' })).toThrow();
  });
});
