import { Button, Group, NumberInput, Paper, SegmentedControl, SimpleGrid, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { TagPicker } from './Tags.tsx';

export type Params = Record<string, string>;

const num = (v: string | number) => (v === '' ? '' : String(v));

/** Date range, tags (all/any) and count ranges of the patient database; every value lives in the URL. */
export function PatientFilters({ params, set }: { params: Params; set: (changes: Params) => void }) {
  const tags = params.tags ? params.tags.split(',') : [];
  const range = (lo: string, hi: string, label: string) => (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <NumberInput
        label={`${label}: at least`}
        min={0}
        w={130}
        value={params[lo] ?? ''}
        onChange={(v) => set({ [lo]: num(v) })}
      />
      <NumberInput
        label={`${label}: at most`}
        min={0}
        w={130}
        value={params[hi] ?? ''}
        onChange={(v) => set({ [hi]: num(v) })}
      />
    </Group>
  );
  return (
    <Paper withBorder p="sm">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <DatePickerInput
          type="range"
          label="Last appointment between"
          placeholder="Any date"
          clearable
          valueFormat="D MMM YYYY"
          value={[params.appointmentFrom ?? null, params.appointmentTo ?? null]}
          onChange={([from, to]) => set({ appointmentFrom: from ?? '', appointmentTo: to ?? '' })}
        />
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <div style={{ flex: 1 }}>
            <TagPicker label="Tags" value={tags} onChange={(ids) => set({ tags: ids.join(',') })} />
          </div>
          <SegmentedControl
            aria-label="Tag match"
            data={[
              { value: 'all', label: 'All' },
              { value: 'any', label: 'Any' },
            ]}
            value={params.tagMode ?? 'all'}
            onChange={(v) => set({ tagMode: v })}
          />
        </Group>
        {range('minEntries', 'maxEntries', 'Entries')}
        {range('minImages', 'maxImages', 'Images')}
      </SimpleGrid>
      <Group justify="space-between" mt="sm">
        <Text size="xs" c="dimmed">
          Tags match what patients hold themselves and through their entries and images.
        </Text>
        <Button
          variant="subtle"
          size="xs"
          onClick={() =>
            set({
              appointmentFrom: '',
              appointmentTo: '',
              tags: '',
              tagMode: '',
              minEntries: '',
              maxEntries: '',
              minImages: '',
              maxImages: '',
            })
          }
        >
          Clear filters
        </Button>
      </Group>
    </Paper>
  );
}
