import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { get } from '../api/client.ts';
import { type SaveStatus, useLiveEntry } from '../api/live.ts';
import type { Image, Patient } from '../api/types.ts';
import { BeforeAfter } from '../components/BeforeAfter.tsx';
import { EntryWorkspace } from '../components/EntryWorkspace.tsx';
import { useImages } from '../components/ImagePool.tsx';
import { TagChips, TagPicker } from '../components/Tags.tsx';

const STATUS: Record<SaveStatus, { color: string; label: string }> = {
  connecting: { color: 'gray', label: 'Connecting…' },
  saving: { color: 'blue', label: 'Saving…' },
  saved: { color: 'vellum', label: 'All changes saved' },
  offline: { color: 'orange', label: 'Offline — changes will be sent when the connection is back' },
  failed: { color: 'red', label: 'Not saved' },
};

/** One visit, edited live: every change is saved as it is made and shows up in other open browsers. */
export function EntryPage() {
  const { id = '' } = useParams();
  const live = useLiveEntry(id, (fields, lost) => {
    notifications.show({
      color: 'orange',
      autoClose: false,
      title: 'Someone else changed this entry at the same time',
      message: `Their version of ${fields.join(', ')} is shown.${typeof lost.notes === 'string' ? ` Your notes were: "${lost.notes}"` : ''}`,
    });
  });
  const entry = live.entry;
  const patient = useQuery({
    queryKey: ['patient', entry?.patientId],
    queryFn: () => get<Patient>(`/api/patients/${entry?.patientId}`),
    enabled: Boolean(entry),
  });
  const images = useImages(entry?.patientId ?? '');
  if (!entry) {
    return live.status === 'failed' ? (
      <Alert color="red">{live.message}</Alert>
    ) : (
      <Text>{live.status === 'offline' ? 'Offline, retrying…' : 'Loading…'}</Text>
    );
  }
  const pool = images.data?.items ?? [];
  const byId = new Map(pool.map((im) => [im.id, im]));
  const open = (key: string) => entry.sections[key] ?? true;
  const toggle = (key: string) => live.change({ sections: { ...entry.sections, [key]: !open(key) } });
  const status = STATUS[live.status];

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Anchor component={Link} to={`/patients/${entry.patientId}`} size="sm">
            ← {patient.data?.uniqueId ?? 'Patient'}
          </Anchor>
          <Title order={1}>Entry of {dayjs(entry.appointmentAt).format('D MMM YYYY, HH:mm')}</Title>
        </div>
        <Badge
          color={status.color}
          size="lg"
          variant="light"
          role="status"
          aria-live="polite"
          data-testid="save-status"
          data-status={live.status}
        >
          {status.label}
          {live.status === 'failed' && live.message ? `: ${live.message}` : ''}
        </Badge>
      </Group>
      {patient.data?.consent.banner && (
        <Alert color={patient.data.consent.level === 'required' ? 'red' : 'yellow'}>
          This patient has no active photography consent.
        </Alert>
      )}
      <DateTimePicker
        label="Appointment"
        w={260}
        valueFormat="D MMM YYYY HH:mm"
        value={dayjs(entry.appointmentAt).format('YYYY-MM-DD HH:mm:ss')}
        onChange={(v) => v && live.change({ appointmentAt: dayjs(v).toISOString() })}
      />
      <Section title="Workspace" id="workspace" open={open('workspace')} onToggle={() => toggle('workspace')}>
        <EntryWorkspace entry={entry} pool={pool} change={live.change} />
      </Section>
      <Section
        title="Comparisons"
        id="comparisons"
        open={open('comparisons')}
        onToggle={() => toggle('comparisons')}
      >
        {entry.comparisons.length === 0 && (
          <Text c="dimmed">No comparisons yet. Select 2–4 workspace images and create one.</Text>
        )}
        <Stack>
          {entry.comparisons.map((c) => {
            const ims = c.imageIds.map((i) => byId.get(i)).filter((im): im is Image => Boolean(im));
            const [before, after] = [ims[0], ims[ims.length - 1]];
            return (
              <Paper key={c.id} withBorder p="sm" data-testid="comparison">
                <Group justify="space-between">
                  <Title order={3} size="h5">
                    {c.name}
                  </Title>
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() =>
                      live.change({ comparisons: entry.comparisons.filter((x) => x.id !== c.id) })
                    }
                  >
                    Remove comparison
                  </Button>
                </Group>
                {before && after && <BeforeAfter before={before} after={after} name={c.name} />}
              </Paper>
            );
          })}
        </Stack>
      </Section>
      <Section
        title="Tags and notes"
        id="tagsNotes"
        open={open('tagsNotes')}
        onToggle={() => toggle('tagsNotes')}
      >
        <Stack>
          <TagPicker
            label="Entry tags"
            value={entry.tagIds}
            onChange={(ids) => live.change({ tagIds: ids })}
          />
          <Group gap={6}>
            <Text size="xs" c="dimmed">
              Effective tags (with the workspace images'):
            </Text>
            <TagChips ids={entry.effectiveTagIds} />
          </Group>
          <Textarea
            label="Clinical notes"
            autosize
            minRows={5}
            value={entry.notes}
            onChange={(e) => live.change({ notes: e.currentTarget.value })}
          />
        </Stack>
      </Section>
    </Stack>
  );
}

function Section(props: {
  title: string;
  id: string;
  open: boolean;
  onToggle: () => void;
  children: ReactNode;
}) {
  return (
    <Paper withBorder>
      <UnstyledButton
        onClick={props.onToggle}
        aria-expanded={props.open}
        aria-controls={`section-${props.id}`}
        w="100%"
        p="sm"
      >
        <Group justify="space-between">
          <Title order={2} size="h4">
            {props.title}
          </Title>
          <Text size="sm" c="dimmed">
            {props.open ? 'Hide' : 'Show'}
          </Text>
        </Group>
      </UnstyledButton>
      {props.open && (
        <Box id={`section-${props.id}`} p="sm" pt={0}>
          {props.children}
        </Box>
      )}
    </Paper>
  );
}
