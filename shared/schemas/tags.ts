import { z } from 'zod';
import { idSchema } from './common.ts';

export const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a color like #1e88e5.');

export const tagCategoryBody = z.strictObject({ name: z.string().trim().min(1).max(60), color: colorSchema });
export const tagCategoryPatch = tagCategoryBody.partial();
export const tagCategorySchema = z.object({ id: idSchema, name: z.string(), color: z.string() });

export const tagBody = z.strictObject({ name: z.string().trim().min(1).max(60), categoryId: idSchema });
export const tagPatch = tagBody.partial();
export const tagSchema = z.object({
  id: idSchema,
  name: z.string(),
  categoryId: idSchema,
  categoryName: z.string(),
  color: z.string(),
});
