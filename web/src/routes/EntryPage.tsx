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
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { get, post } from '../api/client.ts';
import { type SaveStatus, useLiveEntry } from '../api/live.ts';
import { abilities, useUser } from '../api/session.tsx';
import type { Patient } from '../api/types.ts';
import { AppointmentField } from '../components/AppointmentField.tsx';
import { ConsentBanner } from '../components/ConsentPanel.tsx';
import { DeleteItemModal } from '../components/DeleteItemModal.tsx';
import { DicomPanel } from '../components/DicomPanel.tsx';
import { EntryComparisons } from '../components/EntryComparisons.tsx';
import { ChangedElsewhere, EntryConflicts } from '../components/EntryConflicts.tsx';
import { EntryWorkspace } from '../components/EntryWorkspace.tsx';
import { HistoryDrawer } from '../components/HistoryDrawer.tsx';
import { useImages } from '../components/ImagePool.tsx';
import { RecordId } from '../components/RecordId.tsx';
import { TagChips, TagPicker } from '../components/Tags.tsx';
import { showDeletedWithUndo } from '../components/undo-toast.tsx';
import { fmtDate, fmtDateTime } from '../format.ts';

// The badge's words are entry:status.<state>.
const STATUS_COLOUR: Record<SaveStatus, string> = {
  connecting: 'gray',
  saving: 'blue',
  saved: 'vellum',
  offline: 'orange',
  failed: 'red',
  conflict: 'orange',
};

/** One visit, edited live: every change is saved as it is made and shows up in other open browsers. */
export function EntryPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('entry');
  const can = abilities(useUser().role);
  const navigate = useNavigate();
  const client = useQueryClient();
  const [deleting, deleteModal] = useDisclosure(false);
  const [history, historyCtl] = useDisclosure(false);
  const live = useLiveEntry(id);
  const entry = live.entry;
  const patient = useQuery({
    queryKey: ['patient', entry?.patientId],
    queryFn: () => get<Patient>(`/api/patients/${entry?.patientId}`),
    enabled: Boolean(entry),
  });
  const images = useImages(entry?.patientId ?? '', Boolean(entry));
  if (!entry || live.gone) {
    return live.status === 'failed' || live.gone ? (
      <Alert color="red" title={t('page.cannotEdit')} role="alert">
        {live.message}{' '}
        {entry && (
          <Anchor component={Link} to={`/patients/${entry.patientId}`}>
            {t('page.backToPatient')}
          </Anchor>
        )}
      </Alert>
    ) : (
      <Text>{live.status === 'offline' ? t('page.offlineRetrying') : t('common:loading')}</Text>
    );
  }
  const pool = images.data?.items ?? [];
  const byId = new Map(pool.map((im) => [im.id, im]));
  const open = (key: string) => entry.sections[key] ?? true;
  const toggle = (key: string) => live.change({ sections: { ...entry.sections, [key]: !open(key) } });
  const when = fmtDateTime(entry.appointmentAt);
  const title = t('page.title', { date: when });
  /** "the entry of 7 Dec 2026, 16:23": the entry inside a sentence. */
  const named = t('page.named', { date: when });

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Anchor component={Link} to={`/patients/${entry.patientId}`} size="sm">
            ← {patient.data?.uniqueId ?? t('page.patient')}
          </Anchor>
          <Title order={1}>{title}</Title>
          <ChangedElsewhere changedBy={live.changedBy} />
        </div>
        <Stack gap="xs" align="flex-end">
          <Badge
            color={STATUS_COLOUR[live.status]}
            size="lg"
            variant="light"
            role="status"
            aria-live="polite"
            data-testid="save-status"
            data-status={live.status}
            maw="100%"
            style={{ whiteSpace: 'normal', height: 'auto' }}
            // Long states (offline, conflict) wrap instead of being cut off on a phone.
            styles={{ label: { whiteSpace: 'normal', overflow: 'visible' } }}
          >
            {live.status === 'failed' && live.message
              ? t('status.failedBecause', { message: live.message })
              : t(`status.${live.status}`)}
          </Badge>
          <Group gap="xs">
            <Button variant="default" size="xs" onClick={historyCtl.open}>
              {t('page.history')}
            </Button>
            <Button
              component="a"
              href={`/api/patients/${entry.patientId}/report.pdf?entryId=${entry.id}`}
              variant="default"
              size="xs"
              download
            >
              {t('page.reportPdf')}
            </Button>
            {can.delete && (
              <Button color="red" variant="light" size="xs" onClick={deleteModal.open}>
                {t('page.delete')}
              </Button>
            )}
          </Group>
        </Stack>
      </Group>
      {patient.data && <ConsentBanner patient={patient.data} onPatientPage={false} />}
      <EntryConflicts contests={live.contests} resolve={live.resolve} />
      <AppointmentField
        value={entry.appointmentAt}
        changedBy={live.changedBy.appointmentAt}
        onCommit={(iso) => live.change({ appointmentAt: iso })}
      />
      <Section
        title={t('sections.workspace')}
        id="workspace"
        open={open('workspace')}
        onToggle={() => toggle('workspace')}
      >
        <EntryWorkspace entry={entry} pool={pool} change={live.change} />
      </Section>
      <Section
        title={t('sections.comparisons')}
        id="comparisons"
        open={open('comparisons')}
        onToggle={() => toggle('comparisons')}
      >
        <EntryComparisons entry={entry} byId={byId} poolLoaded={!images.isPending} change={live.change} />
      </Section>
      <Section
        title={t('sections.tagsNotes')}
        id="tagsNotes"
        open={open('tagsNotes')}
        onToggle={() => toggle('tagsNotes')}
      >
        <Stack>
          <TagPicker
            label={t('fields.tags')}
            value={entry.tagIds}
            onChange={(ids) => live.change({ tagIds: ids })}
          />
          <Group gap={6}>
            <Text size="xs" c="dimmed">
              {t('fields.effectiveTags')}
            </Text>
            <TagChips ids={entry.effectiveTagIds} />
          </Group>
          <Textarea
            label={t('fields.notes')}
            autosize
            minRows={5}
            value={entry.notes}
            onChange={(e) => live.change({ notes: e.currentTarget.value })}
          />
        </Stack>
      </Section>
      <DicomPanel patientId={entry.patientId} entryId={entry.id} canSend={can.sendToPacs} />
      {/* For an erasure request; kept out of the heading, where it read as the entry's name. */}
      <RecordId id={entry.id} />
      <HistoryDrawer
        kind="entry"
        id={entry.id}
        title={named}
        version={entry.version}
        opened={history}
        onClose={historyCtl.close}
        imageNames={new Map(pool.map((im) => [im.id, im.caption || im.filename]))}
      />
      {can.delete && (
        <DeleteItemModal
          kind="entry"
          id={entry.id}
          workspaceImages={entry.workspaceImageIds.length}
          title={named}
          opened={deleting}
          onClose={deleteModal.close}
          onDeleted={async (r) => {
            const refreshPatient = () =>
              Promise.all(
                ['patient', 'entries', 'deleted-items'].map((k) =>
                  client.invalidateQueries({ queryKey: [k, entry.patientId] }),
                ),
              );
            if (r.expiresAt) {
              showDeletedWithUndo({
                message: t('deleted.message', { date: fmtDate(r.expiresAt) }),
                undoLabel: t('deleted.undoLabel'),
                undo: async () => {
                  await post(`/api/entries/${entry.id}/restore`);
                  await refreshPatient();
                  navigate(`/entries/${entry.id}`);
                },
                undone: t('deleted.undone'),
              });
            } else {
              notifications.show({ message: t('deleted.removed') });
            }
            await refreshPatient();
            navigate(`/patients/${entry.patientId}`);
          }}
        />
      )}
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
  const { t } = useTranslation('entry');
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
            {props.open ? t('sections.hide') : t('sections.show')}
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
