import { Button, Group, Image, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Entry, EntryPatch, Image as PoolImage } from '../api/types.ts';
import { BeforeAfter } from './BeforeAfter.tsx';
import { imageLabel, takenOn } from './comparison-labels.ts';

type Comparison = Entry['comparisons'][number];

/**
 * The entry's comparison groups: two photos under the before/after slider, three or four side by
 * side. Until the pool has loaded the groups show placeholders, never "missing".
 */
export function EntryComparisons({
  entry,
  byId,
  poolLoaded,
  change,
}: {
  entry: Entry;
  byId: Map<string, PoolImage>;
  poolLoaded: boolean;
  change: (c: EntryPatch) => void;
}) {
  const { t } = useTranslation('entry');
  if (entry.comparisons.length === 0) return <Text c="dimmed">{t('comparisons.empty')}</Text>;
  return (
    <Stack>
      {entry.comparisons.map((c, index) => (
        <Paper
          withBorder
          p="sm"
          data-testid="comparison"
          // A comparison created here has no id until the server has stored it.
          key={c.id ?? `new-${index}`}
        >
          <Stack gap="xs">
            <Group justify="space-between">
              <Title order={3} size="h5">
                {c.name}
              </Title>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                c="red.9"
                onClick={() => change({ comparisons: entry.comparisons.filter((_, i) => i !== index) })}
              >
                {t('comparisons.remove', { name: c.name })}
              </Button>
            </Group>
            {poolLoaded ? (
              <ComparisonPhotos comparison={c} byId={byId} />
            ) : (
              <Skeleton h={320} aria-label={t('comparisons.loading')} data-testid="loading" />
            )}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function ComparisonPhotos({ comparison, byId }: { comparison: Comparison; byId: Map<string, PoolImage> }) {
  const { t } = useTranslation('entry');
  // The group's order is its story: the first photo is "before", the last "after".
  const images = comparison.imageIds.map((i) => byId.get(i)).filter((im): im is PoolImage => Boolean(im));
  const missing = comparison.imageIds.length - images.length;
  const first = images[0];
  const last = images[images.length - 1];
  return (
    <>
      {missing > 0 && (
        <Text c="dimmed" size="sm">
          {t('comparisons.missing', { count: missing })}
        </Text>
      )}
      {images.length === 2 && first && last && (
        <BeforeAfter before={first} after={last} name={comparison.name} />
      )}
      {images.length > 2 && (
        <SimpleGrid cols={{ base: 2, md: images.length }} spacing="sm" data-testid="comparison-grid">
          {images.map((im, i) => (
            <Stack key={im.id} gap={4} component="figure" m={0}>
              <Image
                src={im.urls.preview}
                alt={t('comparisons.numbered', { n: i + 1, name: imageLabel(im) })}
                fit="contain"
                radius="sm"
                style={{ aspectRatio: `${im.width} / ${im.height}` }}
                bg="gray.1"
              />
              <Text size="sm" component="figcaption">
                <strong>{t('comparisons.numbered', { n: i + 1, name: imageLabel(im) })}</strong>
                <br />
                {takenOn(t, im)}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
      )}
    </>
  );
}
