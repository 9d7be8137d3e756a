import { Button, Group, Image, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { Entry, EntryPatch, Image as PoolImage } from '../api/types.ts';
import { plural } from '../format.ts';
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
  if (entry.comparisons.length === 0)
    return (
      <Text c="dimmed">
        No comparisons yet. In the workspace, tick "Compare" on 2–4 images, name the group and create it.
      </Text>
    );
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
                Remove comparison {c.name}
              </Button>
            </Group>
            {poolLoaded ? (
              <ComparisonPhotos comparison={c} byId={byId} />
            ) : (
              <Skeleton h={320} aria-label="Loading the photos of this comparison" data-testid="loading" />
            )}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function ComparisonPhotos({ comparison, byId }: { comparison: Comparison; byId: Map<string, PoolImage> }) {
  // The group's order is its story: the first photo is "before", the last "after".
  const images = comparison.imageIds.map((i) => byId.get(i)).filter((im): im is PoolImage => Boolean(im));
  const missing = comparison.imageIds.length - images.length;
  const first = images[0];
  const last = images[images.length - 1];
  return (
    <>
      {missing > 0 && (
        <Text c="dimmed" size="sm">
          {plural(missing, 'photo', 'photos')} of this comparison {missing === 1 ? 'is' : 'are'} no longer in
          the pool.
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
                alt={`${i + 1}. ${imageLabel(im)}`}
                fit="contain"
                radius="sm"
                style={{ aspectRatio: `${im.width} / ${im.height}` }}
                bg="gray.1"
              />
              <Text size="sm" component="figcaption">
                <strong>
                  {i + 1}. {imageLabel(im)}
                </strong>
                <br />
                {takenOn(im)}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
      )}
    </>
  );
}
