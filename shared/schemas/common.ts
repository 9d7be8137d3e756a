import { z } from 'zod';

export const idSchema = z.string().min(1).max(64);
export const idParams = z.object({ id: idSchema });
export const isoTime = z.string().describe('ISO-8601 UTC time');

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const MAX_PAGE_SIZE = 100;
export const pageQuery = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(25),
};

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** A comma-separated list of ids in a query string. */
export const idList = z
  .string()
  .max(4000)
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(z.array(idSchema).max(50));
