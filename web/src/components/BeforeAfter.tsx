import { Box, Slider, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Image } from '../api/types.ts';
import { imageLabel, takenOn } from './comparison-labels.ts';

const MAX_HEIGHT = 560;
const layer = {
  position: 'absolute',
  inset: 0,
  width: '100%',
  height: '100%',
  objectFit: 'contain',
} as const;

/**
 * Two photos on top of each other, read left to right as time runs: left of the divider the
 * "before" photo, right of it the "after" one. The slider moves the divider.
 */
export function BeforeAfter({ before, after, name }: { before: Image; after: Image; name: string }) {
  const { t } = useTranslation('entry');
  const [pos, setPos] = useState(50);
  // The photos are at most MAX_HEIGHT tall; the slider and labels keep to the photos' width.
  return (
    <Box maw={(MAX_HEIGHT * after.width) / after.height}>
      <Box
        pos="relative"
        style={{ aspectRatio: `${after.width} / ${after.height}`, overflow: 'hidden' }}
        data-testid="before-after"
      >
        <img src={after.urls.preview} alt={t('photo.afterAlt', { name: imageLabel(after) })} style={layer} />
        <img
          src={before.urls.preview}
          alt={t('photo.beforeAlt', { name: imageLabel(before) })}
          style={{ ...layer, clipPath: `inset(0 ${100 - pos}% 0 0)` }}
        />
        <Box
          aria-hidden
          pos="absolute"
          top={0}
          bottom={0}
          style={{ left: `${pos}%`, width: 2, background: 'white', boxShadow: '0 0 2px black' }}
        />
      </Box>
      <Slider
        mt="xs"
        value={pos}
        onChange={setPos}
        label={(v) => `${v}%`}
        thumbLabel={t('photo.divider', { name })}
      />
      <Box style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <Text size="sm" data-testid="before-label">
          {t('photo.before', { name: imageLabel(before), when: takenOn(t, before) })}
        </Text>
        <Text size="sm" ta="right" data-testid="after-label">
          {t('photo.after', { name: imageLabel(after), when: takenOn(t, after) })}
        </Text>
      </Box>
    </Box>
  );
}
