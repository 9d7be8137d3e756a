import { Box, Slider, Text } from '@mantine/core';
import { useState } from 'react';
import type { Image } from '../api/types.ts';

/** Two images on top of each other; the slider uncovers the "after" image from the left. */
export function BeforeAfter({ before, after, name }: { before: Image; after: Image; name: string }) {
  const [pos, setPos] = useState(50);
  return (
    <Box>
      <Box
        pos="relative"
        style={{ aspectRatio: `${before.width} / ${before.height}`, maxHeight: 420, overflow: 'hidden' }}
      >
        <img
          src={before.urls.preview}
          alt={`Before: ${before.caption || before.filename}`}
          style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', objectFit: 'contain' }}
        />
        <img
          src={after.urls.preview}
          alt={`After: ${after.caption || after.filename}`}
          style={{
            position: 'absolute',
            inset: 0,
            width: '100%',
            height: '100%',
            objectFit: 'contain',
            clipPath: `inset(0 ${100 - pos}% 0 0)`,
          }}
        />
      </Box>
      <Slider
        mt="xs"
        value={pos}
        onChange={setPos}
        label={(v) => `${v}%`}
        thumbLabel={`Before/after divider of ${name}`}
      />
      <Text size="xs" c="dimmed">
        Left of the divider: after ({after.caption || after.filename}); right: before (
        {before.caption || before.filename})
      </Text>
    </Box>
  );
}
