import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { dicomEndpointBody, dicomEndpointPatch } from '../../../shared/schemas/dicom.ts';
import type { Db } from '../../db/client.ts';
import { accounts } from '../../db/schema.ts';
import { dicomEndpoints } from '../../db/schema-dicom.ts';
import type { DicomwebTarget } from '../../dicom/dicomweb.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { isUuid, requireAccount, requireCapability } from '../access.ts';
import { recordAuditAlone } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';

export type EndpointRow = typeof dicomEndpoints.$inferSelect;

/** Reads never carry the secret. */
export const presentEndpoint = (r: EndpointRow) => ({
  id: r.id,
  accountId: r.accountId,
  name: r.name,
  baseUrl: r.baseUrl,
  authKind: r.authKind as DicomwebTarget['authKind'],
  username: r.username,
  hasSecret: Boolean(r.secret),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export const targetOf = (r: EndpointRow): DicomwebTarget => ({
  baseUrl: r.baseUrl,
  authKind: r.authKind as DicomwebTarget['authKind'],
  username: r.username,
  secret: r.secret,
});

function checkAuth(authKind: string, username: string | null | undefined, secret: string | null | undefined) {
  if (authKind === 'basic' && !username)
    throw invalid('Basic authentication needs a user name.', { username: 'required for basic' });
  if (authKind !== 'none' && !secret)
    throw invalid('This authentication needs a password or token.', { secret: 'required' });
}

const uniqueName = (e: unknown) => {
  const code =
    (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
  if (code === '23505') throw conflict('name_taken', 'This account already has an endpoint of that name.');
  throw e;
};

export async function listEndpoints(ctx: Ctx, actor: Actor, accountId?: string) {
  requireCapability(actor, 'dicom.endpoints');
  const rows = await ctx.db
    .select()
    .from(dicomEndpoints)
    .where(accountId && isUuid(accountId) ? eq(dicomEndpoints.accountId, accountId) : undefined)
    .orderBy(asc(dicomEndpoints.name));
  const items = rows.map(presentEndpoint);
  return { items, total: items.length, page: 1, pageSize: items.length };
}

export async function createEndpoint(ctx: Ctx, actor: Actor, body: z.infer<typeof dicomEndpointBody>) {
  requireCapability(actor, 'dicom.endpoints');
  const [account] = await ctx.db.select().from(accounts).where(eq(accounts.id, body.accountId));
  if (!account) throw notFound('account');
  const secret = body.authKind === 'none' ? null : (body.secret ?? null);
  const username = body.authKind === 'basic' ? (body.username ?? null) : null;
  checkAuth(body.authKind, username, secret);
  const now = ctx.clock.now();
  const row: EndpointRow = {
    id: randomUUID(),
    accountId: body.accountId,
    name: body.name,
    baseUrl: body.baseUrl,
    authKind: body.authKind,
    username,
    secret,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.db.insert(dicomEndpoints).values(row).catch(uniqueName);
  await audit(ctx, actor, 'dicom.endpoint.create', row);
  return presentEndpoint(row);
}

export async function updateEndpoint(
  ctx: Ctx,
  actor: Actor,
  id: string,
  patch: z.infer<typeof dicomEndpointPatch>,
) {
  requireCapability(actor, 'dicom.endpoints');
  const row = await findEndpoint(ctx.db, id);
  const authKind = patch.authKind ?? row.authKind;
  const next: EndpointRow = {
    ...row,
    name: patch.name ?? row.name,
    baseUrl: patch.baseUrl ?? row.baseUrl,
    authKind,
    username: authKind === 'basic' ? (patch.username !== undefined ? patch.username : row.username) : null,
    secret: authKind === 'none' ? null : patch.secret !== undefined ? patch.secret : row.secret,
    updatedAt: ctx.clock.now(),
  };
  checkAuth(next.authKind, next.username, next.secret);
  await ctx.db.update(dicomEndpoints).set(next).where(eq(dicomEndpoints.id, id)).catch(uniqueName);
  await audit(ctx, actor, 'dicom.endpoint.update', next, Object.keys(patch).sort());
  return presentEndpoint(next);
}

export async function deleteEndpoint(ctx: Ctx, actor: Actor, id: string) {
  requireCapability(actor, 'dicom.endpoints');
  const row = await findEndpoint(ctx.db, id);
  await ctx.db.delete(dicomEndpoints).where(eq(dicomEndpoints.id, id));
  await audit(ctx, actor, 'dicom.endpoint.delete', row);
}

/** The endpoints the caller's account may send to, by name. */
export async function listTargets(ctx: Ctx, actor: Actor) {
  const accountId = requireAccount(actor, 'patients.read');
  const rows = await ctx.db
    .select({ id: dicomEndpoints.id, name: dicomEndpoints.name })
    .from(dicomEndpoints)
    .where(eq(dicomEndpoints.accountId, accountId))
    .orderBy(asc(dicomEndpoints.name));
  return { items: rows, total: rows.length, page: 1, pageSize: rows.length };
}

/** An endpoint of the account; another account's is not found. */
export async function requireAccountEndpoint(db: Db, accountId: string, id: string) {
  if (!isUuid(id)) throw notFound('endpoint');
  const [row] = await db
    .select()
    .from(dicomEndpoints)
    .where(and(eq(dicomEndpoints.id, id), eq(dicomEndpoints.accountId, accountId)));
  if (!row) throw notFound('endpoint');
  return row;
}

async function findEndpoint(db: Db, id: string) {
  if (!isUuid(id)) throw notFound('endpoint');
  const [row] = await db.select().from(dicomEndpoints).where(eq(dicomEndpoints.id, id));
  if (!row) throw notFound('endpoint');
  return row;
}

function audit(ctx: Ctx, actor: Actor, action: string, row: EndpointRow, fields?: string[]) {
  return recordAuditAlone(ctx, actor, {
    action,
    targetType: 'dicom_endpoint',
    targetId: row.id,
    accountId: row.accountId,
    details: { name: row.name, baseUrl: row.baseUrl, authKind: row.authKind, ...(fields ? { fields } : {}) },
  });
}
