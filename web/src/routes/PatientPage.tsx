import { Alert, Anchor, Button, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, del, get, post } from '../api/client.ts';
import { useSettings } from '../api/queries.ts';
import { abilities, useUser } from '../api/session.tsx';
import type { AuditEvent, DeletionResult, DicomStatus, List, Patient } from '../api/types.ts';
import { AuditTable } from '../components/AuditTable.tsx';
import { ConfirmPhraseModal } from '../components/ConfirmPhraseModal.tsx';
import { ConsentBanner, ConsentPanel } from '../components/ConsentPanel.tsx';
import { DeletedItemsDrawer } from '../components/DeletedItemsDrawer.tsx';
import { PATIENT_CONSEQUENCE } from '../components/DeleteItemModal.tsx';
import { DeletionReasonFields, useDeletionWhy } from '../components/DeletionReason.tsx';
import { DemographicsPanel } from '../components/DemographicsPanel.tsx';
import { DicomPanel } from '../components/DicomPanel.tsx';
import { HistoryDrawer } from '../components/HistoryDrawer.tsx';
import { LegalHoldPanel } from '../components/LegalHoldPanel.tsx';
import { PatientEntries } from '../components/PatientEntries.tsx';
import { PatientLesions } from '../components/PatientLesions.tsx';
import { PatientPhotos } from '../components/PatientPhotos.tsx';
import { PatientPagePlaceholder } from '../components/Placeholders.tsx';
import { RecordId } from '../components/RecordId.tsx';
import { TagChips } from '../components/Tags.tsx';
import { showDeletedWithUndo } from '../components/undo-toast.tsx';
import { countdown, fmtDate, fmtDateTime, patientName, plural } from '../format.ts';

export function PatientPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const can = abilities(user.role);
  const navigate = useNavigate();
  const client = useQueryClient();
  const [deleting, deleteModal] = useDisclosure(false);
  const deletion = useDeletionWhy();
  const [drawer, drawerCtl] = useDisclosure(false);
  const [history, historyCtl] = useDisclosure(false);
  const [activityPage, setActivityPage] = useState(1);
  const [pacs, setPacs] = useState<DicomStatus | undefined>();
  const settings = useSettings();
  const patient = useQuery({
    queryKey: ['patient', id],
    queryFn: () => get<Patient>(`/api/patients/${id}`),
    retry: false,
  });
  const activity = useQuery({
    queryKey: ['patient-activity', id, activityPage],
    queryFn: () => get<List<AuditEvent>>('/api/audit', { patientId: id, page: activityPage, pageSize: 10 }),
    enabled: patient.isSuccess,
  });

  if (patient.error) {
    const e = patient.error;
    const gone = e instanceof ApiError && e.code === 'deleted';
    return (
      <Alert
        color={gone ? 'orange' : 'red'}
        title={gone ? 'This patient was deleted' : 'Patient not available'}
      >
        {gone ? (
          <>
            Deleted {fmtDateTime(String(e.details.deletedAt))};{' '}
            {e.details.expiresAt
              ? `removed for good ${countdown(String(e.details.expiresAt))}.`
              : 'kept under a legal hold.'}{' '}
            {can.delete && (
              <Anchor component={Link} to="/deleted">
                Open Deleted records
              </Anchor>
            )}
            <Group mt="sm">
              <RecordId id={id} />
              <Button size="xs" variant="default" onClick={historyCtl.open}>
                History
              </Button>
            </Group>
            {/* A deleted patient's history stays readable (PRODUCT.md §6). */}
            <HistoryDrawer
              kind="patient"
              id={id}
              title="the deleted patient"
              version={0}
              opened={history}
              onClose={historyCtl.close}
            />
          </>
        ) : (
          e.message
        )}
      </Alert>
    );
  }
  const p = patient.data;
  if (!p) return <PatientPagePlaceholder />;

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1}>{p.uniqueId}</Title>
          <Text c="dimmed">{patientName(p)}</Text>
        </div>
        <Group gap="xs">
          <Button variant="default" onClick={historyCtl.open}>
            History
          </Button>
          <Button component="a" href={`/api/patients/${p.id}/report.pdf`} variant="default" download>
            Report PDF
          </Button>
          {can.delete && (
            <Button variant="default" onClick={drawerCtl.open}>
              Deleted items
            </Button>
          )}
          {can.delete && (
            <Button color="red" variant="light" onClick={deleteModal.open}>
              Delete patient
            </Button>
          )}
        </Group>
      </Group>
      <Group gap="lg" aria-label="Counts">
        <Text size="sm" data-testid="image-count">
          <b>{p.imageCount}</b> {p.imageCount === 1 ? 'image' : 'images'}
        </Text>
        <Text size="sm" data-testid="entry-count">
          <b>{p.entryCount}</b> {p.entryCount === 1 ? 'entry' : 'entries'}
        </Text>
        <Text size="sm">Last appointment: {fmtDate(p.lastAppointmentAt)}</Text>
        <Text size="sm">Last modified: {fmtDateTime(p.lastModifiedAt)}</Text>
        <Text size="sm" c="dimmed">
          version {p.version}
        </Text>
      </Group>
      <TagChips ids={p.effectiveTagIds} />
      <LegalHoldPanel patient={p} canHold={can.hold} />
      <ConsentBanner patient={p} />
      <PatientPhotos patient={p} canDelete={can.delete} pacs={pacs} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <DemographicsPanel patient={p} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <ConsentPanel patient={p} />
            <PatientEntries patientId={p.id} />
            <DicomPanel patientId={p.id} canSend={can.sendToPacs} onStatus={setPacs} />
          </Stack>
        </Grid.Col>
      </Grid>
      <PatientLesions patientId={p.id} />
      <Title order={2} size="h4">
        Activity
      </Title>
      <AuditTable
        label="Patient activity"
        events={activity.data?.items ?? []}
        total={activity.data?.total ?? 0}
        page={activityPage}
        pageSize={10}
        onPage={setActivityPage}
        fetching={activity.isFetching}
      />
      <RecordId id={p.id} />
      <HistoryDrawer
        kind="patient"
        id={p.id}
        title={`patient ${p.uniqueId}`}
        version={p.version}
        opened={history}
        onClose={historyCtl.close}
      />
      {can.delete && <DeletedItemsDrawer patientId={p.id} opened={drawer} onClose={drawerCtl.close} />}
      <ConfirmPhraseModal
        opened={deleting}
        onClose={() => {
          deletion.reset();
          deleteModal.close();
        }}
        title={`Delete patient ${p.uniqueId}`}
        phrase={`delete ${p.uniqueId}`}
        action="Delete patient"
        ready={deletion.why.reason !== ''}
        onConfirm={async (confirmation) => {
          const r = await del<DeletionResult>(`/api/patients/${p.id}`, { confirmation, ...deletion.body });
          deletion.reset();
          if (r.expiresAt) {
            // Undo is the recovery the patient's phrase allows, asked for right after the deletion.
            showDeletedWithUndo({
              message: `Deleted ${p.uniqueId} with ${plural(r.deleted.entries, 'entry', 'entries')} and ${plural(r.deleted.images, 'image', 'images')}. Recoverable until ${fmtDate(r.expiresAt)}.`,
              undoLabel: `Undo deleting ${p.uniqueId}`,
              undo: async () => {
                await post(`/api/patients/${p.id}/restore`, { confirmation: `restore ${p.uniqueId}` });
                await client.invalidateQueries({ queryKey: ['patients'] });
                await client.invalidateQueries({ queryKey: ['deleted-patients'] });
                navigate(`/patients/${p.id}`);
              },
              undone: `${p.uniqueId} is back with what was deleted with it.`,
            });
          } else {
            notifications.show({ message: 'The patient and everything in it were removed for good.' });
          }
          client.removeQueries({ queryKey: ['patient', p.id] });
          await client.invalidateQueries({ queryKey: ['patients'] });
          navigate('/patients');
        }}
      >
        {settings.data?.deletionPolicy === 'permanent' && (
          <Alert color="red" title="This cannot be undone" data-testid="permanent-warning">
            Nothing of this patient can be recovered afterwards.
          </Alert>
        )}
        <Text size="sm">
          This deletes the patient with its {plural(p.entryCount, 'entry', 'entries')},{' '}
          {plural(p.imageCount, 'image', 'images')} and their files.{' '}
          {settings.data
            ? PATIENT_CONSEQUENCE[settings.data.deletionPolicy](settings.data.retentionText)
            : 'Reading the deletion policy…'}
        </Text>
        <DeletionReasonFields value={deletion.why} onChange={deletion.setWhy} required />
      </ConfirmPhraseModal>
    </Stack>
  );
}
