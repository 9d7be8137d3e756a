import { Button, Group, Image, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { Entry, EntryPatch, Image as PoolImage } from '../api/types.ts';
import { BeforeAfter } from './BeforeAfter.tsx';

type Comparison = Entry['comparisons'][number];
const labelOf = (im: PoolImage) => im.caption || im.filename;

/** The entry's comparison groups, each viewed with the before/after slider. */
export function EntryComparisons({
  entry,
  byId,
  change,
}: {
  entry: Entry;
  byId: Map<string, PoolImage>;
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
        <ComparisonView
          // A comparison created here has no id until the server has stored it.
          key={c.id ?? `new-${index}`}
          comparison={c}
          byId={byId}
          onRemove={() => change({ comparisons: entry.comparisons.filter((_, i) => i !== index) })}
        />
      ))}
    </Stack>
  );
}

function ComparisonView({
  comparison,
  byId,
  onRemove,
}: {
  comparison: Comparison;
  byId: Map<string, PoolImage>;
  onRemove: () => void;
}) {
  const images = comparison.imageIds.map((i) => byId.get(i)).filter((im): im is PoolImage => Boolean(im));
  // The group's order is its story: first and last by default, any two on demand.
  const [pair, setPair] = useState<[number, number]>([0, images.length - 1]);
  const before = images[Math.min(pair[0], images.length - 1)];
  const after = images[Math.min(pair[1], images.length - 1)];
  const options = images.map((im, i) => ({ value: String(i), label: `${i + 1}. ${labelOf(im)}` }));
  return (
    <Paper withBorder p="sm" data-testid="comparison">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5">
            {comparison.name}
          </Title>
          <Button size="xs" variant="subtle" color="red" c="red.9" onClick={onRemove}>
            Remove comparison {comparison.name}
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          {images.map((im, i) => (
            <Stack key={im.id} gap={2}>
              <Image src={im.urls.thumbnail} alt={`${i + 1}. ${labelOf(im)}`} h={70} fit="cover" />
              <Text size="xs" truncate>
                {i + 1}. {labelOf(im)}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
        {images.length > 2 && (
          <Group>
            <Select
              size="xs"
              label="Before"
              allowDeselect={false}
              data={options}
              value={String(pair[0])}
              onChange={(v) => v !== null && setPair([Number(v), pair[1]])}
            />
            <Select
              size="xs"
              label="After"
              allowDeselect={false}
              data={options}
              value={String(pair[1])}
              onChange={(v) => v !== null && setPair([pair[0], Number(v)])}
            />
          </Group>
        )}
        {before && after ? (
          <BeforeAfter before={before} after={after} name={comparison.name} />
        ) : (
          <Text c="dimmed">The images of this comparison are no longer in the pool.</Text>
        )}
      </Stack>
    </Paper>
  );
}
