import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import type { Contest, EntryField, ForeignChange } from '../api/live.ts';
import { fmtDateTime, fmtTime } from '../format.ts';
import { TagChips } from './Tags.tsx';

export const FIELD_WORDS: Record<EntryField, string> = {
  appointmentAt: 'appointment',
  notes: 'clinical notes',
  tagIds: 'entry tags',
  workspaceImageIds: 'workspace',
  comparisons: 'comparisons',
  sections: 'open sections',
};

function Value({ field, value }: { field: EntryField; value: unknown }) {
  if (field === 'appointmentAt') return <Text size="sm">{fmtDateTime(String(value))}</Text>;
  if (field === 'notes')
    return (
      <Code block style={{ whiteSpace: 'pre-wrap', maxHeight: 160, overflow: 'auto' }}>
        {String(value ?? '') || '(empty)'}
      </Code>
    );
  if (field === 'tagIds') {
    const ids = (value as string[] | undefined) ?? [];
    return ids.length ? <TagChips ids={ids} /> : <Text size="sm">no tags</Text>;
  }
  const n = Array.isArray(value) ? value.length : 0;
  const what = field === 'comparisons' ? 'comparison' : 'image';
  return <Text size="sm">{`${n} ${what}${n === 1 ? '' : 's'}`}</Text>;
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
  if (contests.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="conflicts">
      {contests.map((c) => {
        const word = FIELD_WORDS[c.field];
        return (
          <Alert
            key={c.field}
            color="orange"
            role="alert"
            title={`${c.by ?? 'Someone else'} changed the ${word} while you were changing it`}
            data-testid="conflict"
            data-field={c.field}
          >
            <Stack gap={6}>
              <Text size="sm">Your version is not saved yet. Choose which one the entry keeps.</Text>
              <Text size="sm" fw={600}>
                Theirs (saved):
              </Text>
              <Value field={c.field} value={c.theirs} />
              <Text size="sm" fw={600}>
                Yours (on screen):
              </Text>
              <Value field={c.field} value={c.mine} />
              <Group gap="xs">
                <Button size="xs" onClick={() => resolve(c.field, 'mine')}>
                  Keep mine ({word})
                </Button>
                <Button size="xs" variant="default" onClick={() => resolve(c.field, 'theirs')}>
                  Use theirs ({word})
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
  const changes = Object.entries(changedBy) as [EntryField, ForeignChange][];
  if (changes.length === 0) return null;
  const latest = Math.max(...changes.map(([, c]) => c.at.getTime()));
  const recent = changes.filter(([, c]) => c.at.getTime() === latest);
  const by = recent[0]?.[1].by;
  const time = fmtTime(new Date(latest));
  return (
    <Text size="sm" c="dimmed" data-testid="changed-elsewhere">
      Last change by {by} at {time}: {recent.map(([f]) => FIELD_WORDS[f]).join(', ')}
    </Text>
  );
}
