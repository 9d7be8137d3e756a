import { describe, expect, it } from 'vitest';
import {
  BODY_REGIONS,
  bodySiteCodes,
  locateBodySite,
  MAP_HEIGHT,
  MAP_WIDTH,
  REGION_SHAPES,
  regionCodes,
} from './body-map.ts';

/** A point given in map units, as the API's fractions. */
const at = (x: number, y: number) => [x / MAP_WIDTH, y / MAP_HEIGHT] as const;

describe('locateBodySite', () => {
  it('finds the face on the front and the scalp at the same height on the back', () => {
    expect(locateBodySite('front', ...at(100, 40))).toMatchObject({
      region: 'head_neck',
      side: 'midline',
      suggested: { code: '89545001' },
    });
    expect(locateBodySite('back', ...at(100, 40))?.suggested.code).toBe('41695006');
  });

  it("gives the patient's side: the viewer's left is the patient's right only from the front", () => {
    expect(locateBodySite('front', ...at(45, 130))).toMatchObject({ region: 'arm_right', side: 'right' });
    expect(locateBodySite('back', ...at(45, 130))).toMatchObject({ region: 'arm_left', side: 'left' });
    expect(locateBodySite('front', ...at(80, 120))).toMatchObject({ region: 'trunk_front', side: 'right' });
    expect(locateBodySite('back', ...at(80, 120))).toMatchObject({ region: 'trunk_back', side: 'left' });
  });

  it('suggests the finer site from the height within a limb', () => {
    expect(locateBodySite('front', ...at(85, 300))?.suggested.code).toBe('68367000'); // thigh
    expect(locateBodySite('front', ...at(86, 400))?.suggested.code).toBe('30021000'); // lower leg
    expect(locateBodySite('back', ...at(115, 300))).toMatchObject({ region: 'leg_right' });
    expect(locateBodySite('front', ...at(85, 460))).toMatchObject({ region: 'foot_right' });
  });

  it('refuses points off the body or outside the map', () => {
    expect(locateBodySite('front', ...at(5, 5))).toBeNull();
    expect(locateBodySite('front', ...at(100, 300))).toBeNull(); // between the legs
    expect(locateBodySite('front', -0.1, 0.5)).toBeNull();
    expect(locateBodySite('back', 0.5, 1.5)).toBeNull();
    expect(locateBodySite('front', Number.NaN, 0.5)).toBeNull();
  });

  it('reaches every region from some point of its own outline', () => {
    for (const region of BODY_REGIONS) {
      const shape = REGION_SHAPES.find((s) => s.region === region);
      if (!shape) throw new Error(`no shape for ${region}`);
      const view = shape.views[0] ?? 'front';
      const n = shape.outline.length;
      const cx = shape.outline.reduce((s, [x]) => s + x, 0) / n;
      const cy = shape.outline.reduce((s, [, y]) => s + y, 0) / n;
      expect(locateBodySite(view, ...at(cx, cy))?.region).toBe(region);
    }
  });
});

describe('the code table', () => {
  it('lets each region carry its own code and its finer sites, and only those', () => {
    const arm = regionCodes('arm_left').map((c) => c.code);
    expect(arm).toEqual(expect.arrayContaining(['53120007', '16982005', '40983000', '14975008']));
    expect(arm).not.toContain('56459004');
    expect(regionCodes('trunk_front').map((c) => c.code)).toContain('76752008');
  });

  it('has one display per code and only numeric SNOMED CT identifiers', () => {
    const codes = bodySiteCodes();
    expect(new Set(codes.map((c) => c.code)).size).toBe(codes.length);
    for (const c of codes) expect(c.code).toMatch(/^\d{6,18}$/);
  });
});
