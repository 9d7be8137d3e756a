import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { tagBody, tagCategoryBody, tagCategoryPatch, tagPatch } from '../../shared/schemas/tags.ts';
import type { Db } from '../db/client.ts';
import { patientEffectiveTags, patientTags, tagCategories, tags } from '../db/schema.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { isUuid, requireAccount } from './access.ts';
import { recordAudit } from './audit.ts';
import type { Actor, Ctx } from './context.ts';
import { isUniqueViolation } from './db-errors.ts';
import { refreshEffectiveTags } from './effective-tags.ts';

/** Alphabetical as people read it ("acne" before "Birthmark"), whatever the database collation. */
const byName = (column: typeof tags.name | typeof tagCategories.name) => [sql`lower(${column})`, asc(column)];

export async function listTagCategories(ctx: Ctx, actor: Actor) {
  const accountId = requireAccount(actor, 'tags.read');
  const items = await ctx.db
    .select({ id: tagCategories.id, name: tagCategories.name, color: tagCategories.color })
    .from(tagCategories)
    .where(eq(tagCategories.accountId, accountId))
    .orderBy(...byName(tagCategories.name));
  return { items, total: items.length, page: 1, pageSize: items.length };
}

async function findCategory(db: Db, accountId: string, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(tagCategories)
    .where(and(eq(tagCategories.id, id), eq(tagCategories.accountId, accountId)));
  return row;
}

export async function createTagCategory(ctx: Ctx, actor: Actor, input: z.infer<typeof tagCategoryBody>) {
  const accountId = requireAccount(actor, 'tags.manage');
  const row = {
    id: randomUUID(),
    accountId,
    name: input.name,
    color: input.color.toLowerCase(),
    createdAt: ctx.clock.now(),
  };
  return uniqueName('A category with this name already exists.', () =>
    ctx.db.transaction(async (tx) => {
      await tx.insert(tagCategories).values(row);
      await recordAudit(tx, ctx, actor, {
        action: 'tag_category.create',
        targetType: 'tag_category',
        targetId: row.id,
        details: { name: row.name },
      });
      return { id: row.id, name: row.name, color: row.color };
    }),
  );
}

export async function updateTagCategory(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: z.infer<typeof tagCategoryPatch>,
) {
  const accountId = requireAccount(actor, 'tags.manage');
  return uniqueName('A category with this name already exists.', () =>
    ctx.db.transaction(async (tx) => {
      const current = await findCategory(tx, accountId, id);
      if (!current) throw notFound('tag category');
      const next = { name: input.name ?? current.name, color: input.color?.toLowerCase() ?? current.color };
      await tx.update(tagCategories).set(next).where(eq(tagCategories.id, id));
      await recordAudit(tx, ctx, actor, {
        action: 'tag_category.update',
        targetType: 'tag_category',
        targetId: id,
        details: next,
      });
      return { id, ...next };
    }),
  );
}

export async function listTags(ctx: Ctx, actor: Actor) {
  const accountId = requireAccount(actor, 'tags.read');
  const items = await ctx.db
    .select({
      id: tags.id,
      name: tags.name,
      categoryId: tags.categoryId,
      categoryName: tagCategories.name,
      color: tagCategories.color,
    })
    .from(tags)
    .innerJoin(tagCategories, eq(tagCategories.id, tags.categoryId))
    .where(eq(tags.accountId, accountId))
    .orderBy(...byName(tagCategories.name), ...byName(tags.name));
  return { items, total: items.length, page: 1, pageSize: items.length };
}

async function presentTag(db: Db, accountId: string, id: string) {
  const [row] = await db
    .select({
      id: tags.id,
      name: tags.name,
      categoryId: tags.categoryId,
      categoryName: tagCategories.name,
      color: tagCategories.color,
    })
    .from(tags)
    .innerJoin(tagCategories, eq(tagCategories.id, tags.categoryId))
    .where(and(eq(tags.id, id), eq(tags.accountId, accountId)));
  if (!row) throw notFound('tag');
  return row;
}

export async function createTag(ctx: Ctx, actor: Actor, input: z.infer<typeof tagBody>) {
  const accountId = requireAccount(actor, 'tags.manage');
  return uniqueName('A tag with this name already exists in the category.', () =>
    ctx.db.transaction(async (tx) => {
      if (!(await findCategory(tx, accountId, input.categoryId))) {
        throw invalid('No such tag category.', { categoryId: 'No such tag category.' });
      }
      const id = randomUUID();
      await tx.insert(tags).values({
        id,
        accountId,
        categoryId: input.categoryId,
        name: input.name,
        createdAt: ctx.clock.now(),
      });
      await recordAudit(tx, ctx, actor, {
        action: 'tag.create',
        targetType: 'tag',
        targetId: id,
        details: { name: input.name },
      });
      return presentTag(tx, accountId, id);
    }),
  );
}

export async function updateTag(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof tagPatch>) {
  const accountId = requireAccount(actor, 'tags.manage');
  return uniqueName('A tag with this name already exists in the category.', () =>
    ctx.db.transaction(async (tx) => {
      if (!isUuid(id)) throw notFound('tag');
      const current = await presentTag(tx, accountId, id);
      if (input.categoryId && !(await findCategory(tx, accountId, input.categoryId))) {
        throw invalid('No such tag category.', { categoryId: 'No such tag category.' });
      }
      await tx
        .update(tags)
        .set({ name: input.name ?? current.name, categoryId: input.categoryId ?? current.categoryId })
        .where(eq(tags.id, id));
      await recordAudit(tx, ctx, actor, {
        action: 'tag.update',
        targetType: 'tag',
        targetId: id,
        details: input,
      });
      return presentTag(tx, accountId, id);
    }),
  );
}

/** Deleting a tag takes it off every record and out of every effective set. */
export async function deleteTag(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  const accountId = requireAccount(actor, 'tags.manage');
  await ctx.db.transaction(async (tx) => {
    if (!isUuid(id)) throw notFound('tag');
    const current = await presentTag(tx, accountId, id);
    // Every patient the tag reaches, directly or through an entry or image.
    const holders = await tx
      .select({ patientId: patientEffectiveTags.patientId })
      .from(patientEffectiveTags)
      .where(eq(patientEffectiveTags.tagId, id));
    await tx.delete(tags).where(eq(tags.id, id));
    await refreshEffectiveTags(
      tx,
      holders.map((h) => h.patientId),
    );
    await recordAudit(tx, ctx, actor, {
      action: 'tag.delete',
      targetType: 'tag',
      targetId: id,
      details: { name: current.name },
    });
  });
}

/** Unknown ids, or another account's, are invalid input (never a hint that they exist elsewhere). */
export async function assertTagIds(db: Db, accountId: string, ids: string[], field = 'tagIds') {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return unique;
  const bad = unique.filter((id) => !isUuid(id));
  const found = bad.length
    ? []
    : await db
        .select({ id: tags.id })
        .from(tags)
        .where(and(eq(tags.accountId, accountId), inArray(tags.id, unique)));
  if (bad.length || found.length !== unique.length) {
    throw invalid('Some tags do not exist.', { [field]: 'Unknown tag id.' });
  }
  return unique;
}

async function uniqueName<T>(message: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('name_taken', message);
    throw err;
  }
}

export const tagsOfPatients = (db: Db, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([] as { patientId: string; tagId: string }[])
    : db
        .select({ patientId: patientTags.patientId, tagId: patientTags.tagId })
        .from(patientTags)
        .where(inArray(patientTags.patientId, ids));
