import Fastify from 'fastify';
import pg from 'pg';

// The load benchmark's baselines, in their own process: a constant answer (the ceiling of Fastify
// itself) and the least a patient read needs (a bearer-token check and one primary-key select).
const TOKEN = 'Bearer bench-baseline-token';
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify({ logger: false });
app.get('/bare', async () => ({ ok: true }));
app.get<{ Params: { id: string } }>('/patients/:id', async (req, reply) => {
  if (req.headers.authorization !== TOKEN) return reply.code(401).send({ error: 'unauthorized' });
  const { rows } = await pool.query('select * from patients where id = $1', [req.params.id]);
  if (rows.length === 0) return reply.code(404).send({ error: 'not_found' });
  return rows[0];
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
