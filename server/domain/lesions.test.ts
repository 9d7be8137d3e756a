import { describe, expect, it } from 'vitest';
import {
  checkBodySite,
  comparable,
  defaultComparison,
  isActiveLesionStatus,
  nextLesionLabel,
} from './lesions.ts';

describe('checkBodySite', () => {
  it("takes the point's suggested code when none is chosen", () => {
    const r = checkBodySite({ view: 'front', x: 0.5, y: 0.08 });
    expect(r).toMatchObject({ ok: true, site: { region: 'head_neck', code: '89545001', side: 'midline' } });
  });

  it('accepts a finer code of the same region and refuses one of another region', () => {
    expect(checkBodySite({ view: 'front', x: 0.4, y: 0.26, code: '76752008' })).toMatchObject({
      ok: true,
      site: { region: 'trunk_front', code: '76752008', display: 'Breast' },
    });
    expect(checkBodySite({ view: 'front', x: 0.4, y: 0.26, code: '56459004' })).toMatchObject({
      ok: false,
      code: 'site_code_mismatch',
    });
    expect(checkBodySite({ view: 'front', x: 0.4, y: 0.26, code: '999999999' })).toMatchObject({
      ok: false,
      code: 'site_code_mismatch',
    });
  });

  it('refuses a point off the body', () => {
    expect(checkBodySite({ view: 'back', x: 0.02, y: 0.02 })).toMatchObject({
      ok: false,
      code: 'site_outside_map',
    });
  });
});

describe('nextLesionLabel', () => {
  it('counts on from the highest L-number and ignores other labels', () => {
    expect(nextLesionLabel([])).toBe('L1');
    expect(nextLesionLabel(['L1', 'L7', 'left shoulder mole', 'L3'])).toBe('L8');
    expect(nextLesionLabel(['Lx', 'l2'])).toBe('L1');
  });
});

describe('comparisons of a lesion', () => {
  const img = (id: string, modality: 'overview' | 'clinical' | 'dermoscopic') => ({ id, modality });

  it('pairs the first and latest image of one modality, dermoscopic first', () => {
    const images = [
      img('a', 'clinical'),
      img('b', 'dermoscopic'),
      img('c', 'clinical'),
      img('d', 'dermoscopic'),
    ];
    expect(defaultComparison(images)?.map((i) => i.id)).toEqual(['b', 'd']);
    expect(defaultComparison(images, 'clinical')?.map((i) => i.id)).toEqual(['a', 'c']);
  });

  it('has no pair with fewer than two images of a kind', () => {
    expect(defaultComparison([img('a', 'clinical'), img('b', 'dermoscopic')])).toBeNull();
    expect(comparable(img('a', 'clinical'), img('b', 'dermoscopic'))).toBe(false);
  });
});

describe('isActiveLesionStatus', () => {
  it('holds while the lesion is on the skin: monitored or biopsied, not excised or resolved', () => {
    expect(isActiveLesionStatus('monitoring')).toBe(true);
    expect(isActiveLesionStatus('biopsied')).toBe(true);
    expect(isActiveLesionStatus('excised')).toBe(false);
    expect(isActiveLesionStatus('resolved')).toBe(false);
  });
});
