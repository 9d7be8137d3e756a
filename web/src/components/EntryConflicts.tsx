import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Contest, EntryField, ForeignChange } from '../api/live.ts';
import { fmtDateTime, fmtTime } from '../format.ts';
import { TagChips } from './Tags.tsx';

/** "clinical notes": an entry's field in words (entry:fields.words.<field>). */
export const fieldWords = (t: TFunction, field: EntryField) => t(`entry:fieldWords.${field}`);

function Value({ field, value }: { field: EntryField; value: unknown }) {
  const { t } = useTranslation('entry');
  if (field === 'appointmentAt') return <Text size="sm">{fmtDateTime(String(value))}</Text>;
  if (field === 'notes')
    return (
      <Code block style={{ whiteSpace: 'pre-wrap', maxHeight: 160, overflow: 'auto' }}>
        {String(value ?? '') || t('conflicts.empty')}
      </Code>
    );
  if (field === 'tagIds') {
    const ids = (value as string[] | undefined) ?? [];
    return ids.length ? <TagChips ids={ids} /> : <Text size="sm">{t('conflicts.noTags')}</Text>;
  }
  const n = Array.isArray(value) ? value.length : 0;
  return (
    <Text size="sm">
      {field === 'comparisons'
        ? t('conflicts.comparisons', { count: n })
        : t('conflicts.images', { count: n })}
    </Text>
  );
}

/**
 * Fields another editor changed while this browser was changing them too. Nothing is sent for
 * them until the editor chooses: both values stay on screen meanwhile.
 */
export function EntryConflicts({
  contests,
  resolve,
}: {
  contests: Contest[];
  resolve: (field: EntryField, keep: 'mine' | 'theirs') => void;
}) {
  const { t } = useTranslation('entry');
  if (contests.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="conflicts">
      {contests.map((c) => {
        const word = fieldWords(t, c.field);
        return (
          <Alert
            key={c.field}
            color="orange"
            role="alert"
            title={t('conflicts.title', {
              name: c.by ?? t('conflicts.someoneElse'),
              field: t(`fieldThe.${c.field}`),
            })}
            data-testid="conflict"
            data-field={c.field}
          >
            <Stack gap={6}>
              <Text size="sm">{t('conflicts.notSavedYet')}</Text>
              <Text size="sm" fw={600}>
                {t('conflicts.theirs')}
              </Text>
              <Value field={c.field} value={c.theirs} />
              <Text size="sm" fw={600}>
                {t('conflicts.yours')}
              </Text>
              <Value field={c.field} value={c.mine} />
              <Group gap="xs">
                <Button size="xs" onClick={() => resolve(c.field, 'mine')}>
                  {t('conflicts.keepMine', { field: word })}
                </Button>
                <Button size="xs" variant="default" onClick={() => resolve(c.field, 'theirs')}>
                  {t('conflicts.useTheirs', { field: word })}
                </Button>
              </Group>
            </Stack>
          </Alert>
        );
      })}
    </Stack>
  );
}

/** The latest change made by someone else while the entry was open here, in words. */
export function ChangedElsewhere({ changedBy }: { changedBy: Partial<Record<EntryField, ForeignChange>> }) {
  const { t } = useTranslation('entry');
  const changes = Object.entries(changedBy) as [EntryField, ForeignChange][];
  if (changes.length === 0) return null;
  const latest = Math.max(...changes.map(([, c]) => c.at.getTime()));
  const recent = changes.filter(([, c]) => c.at.getTime() === latest);
  const by = recent[0]?.[1].by;
  const time = fmtTime(new Date(latest));
  return (
    <Text size="sm" c="dimmed" data-testid="changed-elsewhere">
      {t('conflicts.lastChange', {
        name: by,
        time,
        fields: recent.map(([f]) => fieldWords(t, f)).join(', '),
      })}
    </Text>
  );
}
