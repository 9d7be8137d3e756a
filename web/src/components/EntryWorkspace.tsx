import { Button, Card, Checkbox, Group, Image, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entry, EntryPatch, Image as PoolImage } from '../api/types.ts';

/** The entry's workspace, picked from the patient's pool; selected workspace images make a comparison. */
export function EntryWorkspace({
  entry,
  pool,
  change,
}: {
  entry: Entry;
  pool: PoolImage[];
  change: (c: EntryPatch) => void;
}) {
  const { t } = useTranslation('entry');
  const [selected, setSelected] = useState<string[]>([]);
  const [name, setName] = useState('');
  const inWorkspace = new Set(entry.workspaceImageIds);
  const toggleWorkspace = (id: string) => {
    const ids = inWorkspace.has(id)
      ? entry.workspaceImageIds.filter((x) => x !== id)
      : [...entry.workspaceImageIds, id];
    // An image leaving the workspace leaves its comparisons too; groups under two images go.
    const comparisons = entry.comparisons
      .map((c) => ({ ...c, imageIds: c.imageIds.filter((x) => ids.includes(x)) }))
      .filter((c) => c.imageIds.length >= 2);
    const changed = comparisons.some((c, i) => c.imageIds.length !== entry.comparisons[i]?.imageIds.length);
    const dropped = comparisons.length !== entry.comparisons.length;
    change(changed || dropped ? { workspaceImageIds: ids, comparisons } : { workspaceImageIds: ids });
    setSelected((s) => s.filter((x) => ids.includes(x)));
  };
  if (pool.length === 0) return <Text c="dimmed">{t('workspace.empty')}</Text>;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 6 }}>
        {pool.map((im) => {
          const label = im.caption || im.filename;
          return (
            <Card
              key={im.id}
              withBorder
              padding={6}
              data-testid="workspace-candidate"
              data-in-workspace={inWorkspace.has(im.id)}
            >
              <Card.Section>
                <Image src={im.urls.thumbnail} alt={label} h={90} fit="cover" />
              </Card.Section>
              <Stack gap={4} mt={4}>
                <Text size="xs" truncate title={label}>
                  {label}
                </Text>
                <Checkbox
                  size="xs"
                  label={t('workspace.in')}
                  aria-label={t('workspace.inNamed', { name: label })}
                  checked={inWorkspace.has(im.id)}
                  onChange={() => toggleWorkspace(im.id)}
                />
                {inWorkspace.has(im.id) && (
                  <Checkbox
                    size="xs"
                    label={t('workspace.compare')}
                    aria-label={t('workspace.compareNamed', { name: label })}
                    checked={selected.includes(im.id)}
                    onChange={() =>
                      setSelected((s) => (s.includes(im.id) ? s.filter((x) => x !== im.id) : [...s, im.id]))
                    }
                  />
                )}
              </Stack>
            </Card>
          );
        })}
      </SimpleGrid>
      <Group align="flex-end">
        <TextInput
          label={t('workspace.comparisonName')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Button
          disabled={selected.length < 2 || selected.length > 4 || name.trim() === ''}
          onClick={() => {
            change({ comparisons: [...entry.comparisons, { name: name.trim(), imageIds: selected }] });
            setSelected([]);
            setName('');
          }}
        >
          {t('workspace.create', { count: selected.length })}
        </Button>
      </Group>
    </Stack>
  );
}
