import { Group, Text, useMantineTheme } from '@mantine/core';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BODY_VIEWS,
  type BodyView,
  MAP_HEIGHT,
  MAP_WIDTH,
  outlinePath,
  REGION_SHAPES,
} from '../../../shared/body-map.ts';
import { regionName, statusLabel } from './lesion-words.ts';

export interface MapLesion {
  id: string;
  label: string;
  status: 'monitoring' | 'biopsied' | 'excised' | 'resolved';
  site: {
    view: BodyView;
    x: number;
    y: number;
    code: string;
    display: string;
    side: 'left' | 'right' | 'midline';
  };
}

/** Dot colours by status; the legend says them in words, so colour is never the only cue. */
export const STATUS_COLOURS: Record<MapLesion['status'], string> = {
  monitoring: 'orange',
  biopsied: 'violet',
  excised: 'blue',
  resolved: 'teal',
};

/**
 * The front and back of the body with a patient's lesions as dots. With `onPlace`, a click on the
 * body gives the point as fractions of the view; a click on a dot opens that lesion.
 */
export function BodyMap({
  lesions,
  onPlace,
  onOpen,
  placed,
  height = 360,
}: {
  lesions: MapLesion[];
  onPlace?: (view: BodyView, x: number, y: number) => void;
  onOpen?: (id: string) => void;
  /** A point being placed, shown as a ring. */
  placed?: { view: BodyView; x: number; y: number } | null;
  height?: number;
}) {
  const theme = useMantineTheme();
  const { t } = useTranslation('lesions');
  const place = (view: BodyView) => (e: MouseEvent<SVGSVGElement>) => {
    if (!onPlace) return;
    const box = e.currentTarget.getBoundingClientRect();
    onPlace(view, (e.clientX - box.left) / box.width, (e.clientY - box.top) / box.height);
  };
  return (
    <Group gap="md" wrap="nowrap" justify="center" data-testid="body-map">
      {BODY_VIEWS.map((view) => (
        <fieldset key={view} style={{ margin: 0, padding: 0, border: 0, textAlign: 'center' }}>
          <legend style={{ margin: '0 auto' }}>
            <Text size="sm" c="dimmed">
              {t(`viewLabel.${view}`)}
            </Text>
          </legend>
          {/* biome-ignore lint/a11y/useKeyWithClickEvents: keyboard users place a lesion with the region picker of the lesion form */}
          <svg
            viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`}
            height={height}
            width={(height * MAP_WIDTH) / MAP_HEIGHT}
            aria-label={t('map.label', { view: t(`view.${view}`) })}
            data-view={view}
            onClick={place(view)}
            style={{ cursor: onPlace ? 'crosshair' : 'default', touchAction: 'manipulation' }}
          >
            {REGION_SHAPES.filter((s) => s.views.includes(view)).map((s) => (
              <path
                key={s.region}
                d={outlinePath(s.outline)}
                data-region={s.region}
                fill={theme.colors.gray[1]}
                stroke={theme.colors.gray[5]}
                strokeWidth={1}
              />
            ))}
            {placed && placed.view === view && (
              <circle
                cx={placed.x * MAP_WIDTH}
                cy={placed.y * MAP_HEIGHT}
                r={7}
                fill="none"
                stroke={theme.colors.dark[6]}
                strokeWidth={2}
                data-testid="placed-point"
              />
            )}
            {lesions
              .filter((l) => l.site.view === view)
              .map((l) => (
                // biome-ignore lint/a11y/useSemanticElements: an SVG shape cannot be a <button>
                <g
                  key={l.id}
                  role="button"
                  tabIndex={0}
                  aria-label={t('map.dot', {
                    label: l.label,
                    status: statusLabel(t, l.status).toLocaleLowerCase(),
                    site: t(`map.side.${l.site.side}`, { lower: regionName(t, l.site).toLocaleLowerCase() }),
                  })}
                  onClick={(e) => {
                    e.stopPropagation();
                    onOpen?.(l.id);
                  }}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      onOpen?.(l.id);
                    }
                  }}
                  style={{ cursor: 'pointer' }}
                >
                  <circle
                    cx={l.site.x * MAP_WIDTH}
                    cy={l.site.y * MAP_HEIGHT}
                    r={6}
                    fill={theme.colors[STATUS_COLOURS[l.status]]?.[7]}
                    stroke="white"
                    strokeWidth={1.5}
                  />
                  <text
                    x={l.site.x * MAP_WIDTH + 8}
                    y={l.site.y * MAP_HEIGHT + 4}
                    fontSize={11}
                    fill={theme.colors.dark[7]}
                  >
                    {l.label}
                  </text>
                </g>
              ))}
          </svg>
        </fieldset>
      ))}
    </Group>
  );
}
