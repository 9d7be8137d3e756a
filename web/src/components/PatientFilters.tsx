import {
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Text,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { BODY_REGIONS } from '../../../shared/body-map.ts';
import { LESION_STATUSES, statusLabel } from './lesion-words.ts';
import { TagPicker } from './Tags.tsx';

export type Params = Record<string, string>;

const num = (v: string | number) => (v === '' ? '' : String(v));

/**
 * Date range, tags (all/any), count ranges and lesions (by body region and status, both met by one
 * lesion) of the patient database; every value lives in the URL.
 */
export function PatientFilters({ params, set }: { params: Params; set: (changes: Params) => void }) {
  const { t } = useTranslation('patients');
  const tags = params.tags ? params.tags.split(',') : [];
  const list = (key: string) => (params[key] ? params[key].split(',') : []);
  const range = (lo: string, hi: string, label: string) => (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <NumberInput
        label={t('filters.atLeast', { what: label })}
        min={0}
        w={150}
        value={params[lo] ?? ''}
        onChange={(v) => set({ [lo]: num(v) })}
      />
      <NumberInput
        label={t('filters.atMost', { what: label })}
        min={0}
        w={150}
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
          label={t('filters.appointmentBetween')}
          placeholder={t('filters.anyDate')}
          // The picker draws its placeholder as text: dark enough for WCAG AA contrast.
          styles={{ placeholder: { color: 'var(--mantine-color-gray-7)' } }}
          clearable
          valueFormat="D MMM YYYY"
          value={[params.appointmentFrom ?? null, params.appointmentTo ?? null]}
          onChange={([from, to]) => set({ appointmentFrom: from ?? '', appointmentTo: to ?? '' })}
        />
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <div style={{ flex: 1 }}>
            <TagPicker
              label={t('columns.tags')}
              value={tags}
              onChange={(ids) => set({ tags: ids.join(',') })}
            />
          </div>
          <SegmentedControl
            aria-label={t('filters.tagMatch')}
            data={[
              { value: 'all', label: t('filters.all') },
              { value: 'any', label: t('filters.any') },
            ]}
            value={params.tagMode ?? 'all'}
            onChange={(v) => set({ tagMode: v })}
          />
        </Group>
        {range('minEntries', 'maxEntries', t('columns.entries'))}
        {range('minImages', 'maxImages', t('columns.images'))}
        <MultiSelect
          label={t('filters.lesionRegion')}
          placeholder={list('lesionRegion').length ? undefined : t('filters.anyRegion')}
          clearable
          data={BODY_REGIONS.map((r) => ({ value: r, label: t(`filters.regions.${r}`) }))}
          value={list('lesionRegion')}
          onChange={(v) => set({ lesionRegion: v.join(',') })}
        />
        <MultiSelect
          label={t('filters.lesionStatus')}
          placeholder={list('lesionStatus').length ? undefined : t('filters.anyStatus')}
          clearable
          data={LESION_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))}
          value={list('lesionStatus')}
          onChange={(v) => set({ lesionStatus: v.join(',') })}
        />
      </SimpleGrid>
      <Group justify="space-between" mt="sm">
        <Text size="xs" c="dimmed">
          {t('filters.tagsHint')}
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
              lesionRegion: '',
              lesionStatus: '',
            })
          }
        >
          {t('filters.clear')}
        </Button>
      </Group>
    </Paper>
  );
}
