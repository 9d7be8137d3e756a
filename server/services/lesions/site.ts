import type { z } from 'zod';
import type { bodySiteInput } from '../../../shared/schemas/lesions.ts';
import { checkBodySite } from '../../domain/lesions.ts';
import { AppError } from '../../errors.ts';

/** The lesion columns of a placed point, or 422 naming what is wrong with it. */
export function siteColumns(input: z.infer<typeof bodySiteInput>) {
  const checked = checkBodySite(input);
  if (!checked.ok)
    throw new AppError(422, checked.code, checked.message, { fields: { site: checked.message } });
  const { site } = checked;
  return {
    siteView: site.view,
    siteX: site.x,
    siteY: site.y,
    siteRegion: site.region,
    siteSide: site.side,
    siteCode: site.code,
    siteDescription: input.description ?? '',
  };
}
