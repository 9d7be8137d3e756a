// The body map: an adult body seen from the front and the back, its regions, and the SNOMED CT
// body-structure codes a lesion's site can carry. The web app draws the map from these shapes and
// the server checks a placed point against the same shapes, so the two can never disagree.

/** Which side of the body a map shows. */
export type BodyView = 'front' | 'back';
export const BODY_VIEWS: readonly BodyView[] = ['front', 'back'];

/** The patient's side (not the viewer's). `midline` for points on the body's centre line. */
export type BodySide = 'left' | 'right' | 'midline';

export const BODY_REGIONS = [
  'head_neck',
  'trunk_front',
  'trunk_back',
  'arm_left',
  'arm_right',
  'hand_left',
  'hand_right',
  'leg_left',
  'leg_right',
  'foot_left',
  'foot_right',
] as const;
export type BodyRegion = (typeof BODY_REGIONS)[number];

/** Map units: each view is drawn in a 200 × 500 box; the API speaks fractions of it (0–1). */
export const MAP_WIDTH = 200;
export const MAP_HEIGHT = 500;
const MIDLINE = MAP_WIDTH / 2;
/** Points this close to the centre line (map units) are on the midline. */
const MIDLINE_BAND = 3;

export const SNOMED_SYSTEM = 'http://snomed.info/sct';
/** SNOMED CT laterality qualifiers, for FHIR's BodyStructure.locationQualifier. */
export const LATERALITY_CODES: Record<Exclude<BodySide, 'midline'>, { code: string; display: string }> = {
  left: { code: '7771000', display: 'Left' },
  right: { code: '24028007', display: 'Right' },
};

export interface BodySiteCode {
  code: string;
  display: string;
}

/** A finer site within a region a clinician can choose. */
interface FinerSite extends BodySiteCode {
  /** Heights (map units, top of the box is 0) within which a point suggests it; none: only chosen. */
  band?: readonly [number, number];
  /** The views in which the band applies (all by default). */
  views?: readonly BodyView[];
}

type Point = readonly [number, number];

interface RegionShape {
  region: BodyRegion;
  views: readonly BodyView[];
  /** The region as a whole. */
  site: BodySiteCode;
  /** Finer sites a clinician can choose; the first whose band holds the point is suggested. */
  finer: readonly FinerSite[];
  /** Outline on the viewer's left half or across the middle; limbs are mirrored for the other side. */
  outline: readonly Point[];
}

const BOTH: readonly BodyView[] = ['front', 'back'];
const code = (c: string, display: string) => ({ code: c, display });

const HEAD_NECK: Omit<RegionShape, 'views'> = {
  region: 'head_neck',
  site: code('774007', 'Head and neck'),
  finer: [
    { ...code('41695006', 'Scalp'), band: [0, 24], views: ['front'] },
    { ...code('41695006', 'Scalp'), band: [0, 56], views: ['back'] },
    { ...code('89545001', 'Face'), band: [24, 68], views: ['front'] },
    { ...code('45048000', 'Neck'), band: [56, 90] },
  ],
  outline: [
    [100, 10],
    [114, 14],
    [122, 28],
    [122, 50],
    [116, 64],
    [110, 70],
    [110, 88],
    [90, 88],
    [90, 70],
    [84, 64],
    [78, 50],
    [78, 28],
    [86, 14],
  ],
};

const TRUNK_OUTLINE: readonly Point[] = [
  [64, 88],
  [136, 88],
  [142, 150],
  [136, 250],
  [64, 250],
  [58, 150],
];

const TRUNK_FRONT: RegionShape = {
  region: 'trunk_front',
  views: ['front'],
  site: code('22943007', 'Trunk'),
  finer: [
    { ...code('816094009', 'Chest'), band: [88, 170], views: ['front'] },
    { ...code('76752008', 'Breast') },
    { ...code('818981001', 'Abdomen'), band: [170, 225], views: ['front'] },
    { ...code('816092008', 'Pelvis'), band: [225, 250], views: ['front'] },
  ],
  outline: TRUNK_OUTLINE,
};

const TRUNK_BACK: RegionShape = {
  region: 'trunk_back',
  views: ['back'],
  site: code('77568009', 'Back'),
  finer: [
    { ...code('16982005', 'Shoulder') },
    { ...code('37822005', 'Lower back'), band: [190, 225], views: ['back'] },
    { ...code('46862004', 'Buttock'), band: [225, 250], views: ['back'] },
  ],
  outline: TRUNK_OUTLINE,
};

// Limbs are drawn once on the viewer's left and mirrored.
const ARM: Omit<RegionShape, 'region' | 'views'> = {
  site: code('53120007', 'Upper limb'),
  finer: [
    { ...code('16982005', 'Shoulder'), band: [88, 108] },
    { ...code('40983000', 'Upper arm'), band: [108, 165] },
    { ...code('14975008', 'Forearm'), band: [165, 236] },
  ],
  outline: [
    [62, 88],
    [46, 94],
    [38, 160],
    [28, 234],
    [42, 236],
    [52, 166],
    [58, 128],
  ],
};
const HAND: Omit<RegionShape, 'region' | 'views'> = {
  site: code('85562004', 'Hand'),
  finer: [
    { ...code('85562004', 'Hand'), band: [236, 262] },
    { ...code('7569003', 'Finger'), band: [262, 284] },
    { ...code('76505004', 'Thumb') },
  ],
  outline: [
    [27, 236],
    [43, 238],
    [46, 272],
    [36, 284],
    [23, 272],
  ],
};
const LEG: Omit<RegionShape, 'region' | 'views'> = {
  site: code('61685007', 'Lower limb'),
  finer: [
    { ...code('29836001', 'Hip'), band: [250, 262] },
    { ...code('68367000', 'Thigh'), band: [262, 330] },
    { ...code('72696002', 'Knee'), band: [330, 352] },
    { ...code('30021000', 'Lower leg'), band: [352, 442] },
  ],
  outline: [
    [64, 250],
    [99, 250],
    [97, 330],
    [94, 442],
    [78, 442],
    [72, 330],
  ],
};
const FOOT: Omit<RegionShape, 'region' | 'views'> = {
  site: code('56459004', 'Foot'),
  finer: [
    { ...code('56459004', 'Foot'), band: [442, 462] },
    { ...code('29707007', 'Toe'), band: [462, 474] },
  ],
  outline: [
    [78, 442],
    [94, 442],
    [97, 474],
    [68, 474],
  ],
};

const mirror = (outline: readonly Point[]): Point[] => outline.map(([x, y]) => [MAP_WIDTH - x, y]);

/**
 * The limb drawn on the viewer's left is the patient's right in the front view and the patient's
 * left in the back view.
 */
function limbShapes(
  name: 'arm' | 'hand' | 'leg' | 'foot',
  shape: Omit<RegionShape, 'region' | 'views'>,
): RegionShape[] {
  const left = `${name}_left` as BodyRegion;
  const right = `${name}_right` as BodyRegion;
  return [
    { ...shape, region: right, views: ['front'] },
    { ...shape, region: left, views: ['front'], outline: mirror(shape.outline) },
    { ...shape, region: left, views: ['back'] },
    { ...shape, region: right, views: ['back'], outline: mirror(shape.outline) },
  ];
}

/** Every drawn shape, per view: what the map shows and what a point is checked against. */
export const REGION_SHAPES: readonly RegionShape[] = [
  { ...HEAD_NECK, views: BOTH },
  TRUNK_FRONT,
  TRUNK_BACK,
  ...limbShapes('arm', ARM),
  ...limbShapes('hand', HAND),
  ...limbShapes('leg', LEG),
  ...limbShapes('foot', FOOT),
];

function inside([px, py]: Point, outline: readonly Point[]): boolean {
  let hit = false;
  for (let i = 0, j = outline.length - 1; i < outline.length; j = i++) {
    const [xi, yi] = outline[i] as Point;
    const [xj, yj] = outline[j] as Point;
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** Every code a site in this region may carry: the region's own and its finer sites. */
export function regionCodes(region: BodyRegion): BodySiteCode[] {
  const seen = new Map<string, BodySiteCode>();
  for (const shape of REGION_SHAPES.filter((s) => s.region === region)) {
    seen.set(shape.site.code, shape.site);
    for (const f of shape.finer) seen.set(f.code, { code: f.code, display: f.display });
  }
  return [...seen.values()];
}

/** The whole table shipped with Vellum: every code a body site may carry, with its display. */
export function bodySiteCodes(): BodySiteCode[] {
  const all = new Map<string, BodySiteCode>();
  for (const region of BODY_REGIONS) for (const c of regionCodes(region)) all.set(c.code, c);
  return [...all.values()];
}

export interface LocatedSite {
  region: BodyRegion;
  side: BodySide;
  /** The finer site the point's height suggests, or the region's own code. */
  suggested: BodySiteCode;
}

/** Where a point (fractions of the view, 0–1) falls on the map; null when it is off the body. */
export function locateBodySite(view: BodyView, x: number, y: number): LocatedSite | null {
  if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) return null;
  const point: Point = [x * MAP_WIDTH, y * MAP_HEIGHT];
  const shape = REGION_SHAPES.find((s) => s.views.includes(view) && inside(point, s.outline));
  if (!shape) return null;
  const finer = shape.finer.find(
    (f) => f.band && (!f.views || f.views.includes(view)) && point[1] >= f.band[0] && point[1] < f.band[1],
  );
  return {
    region: shape.region,
    side: sideOf(shape.region, view, point[0]),
    suggested: finer ? { code: finer.code, display: finer.display } : shape.site,
  };
}

function sideOf(region: BodyRegion, view: BodyView, x: number): BodySide {
  if (region.endsWith('_left')) return 'left';
  if (region.endsWith('_right')) return 'right';
  if (Math.abs(x - MIDLINE) < MIDLINE_BAND) return 'midline';
  const viewersLeft = x < MIDLINE;
  // Seen from the front, the viewer's left is the patient's right.
  return (view === 'front') === viewersLeft ? 'right' : 'left';
}

/** The SVG path of an outline, for drawing. */
export function outlinePath(outline: readonly Point[]): string {
  return `${outline.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x} ${y}`).join(' ')} Z`;
}
