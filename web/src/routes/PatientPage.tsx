import { Alert, Anchor, Button, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, del, get, post } from '../api/client.ts';
import { useSettings } from '../api/queries.ts';
import { abilities, useUser } from '../api/session.tsx';
import type { AuditEvent, DeletionResult, DicomStatus, List, Patient } from '../api/types.ts';
import { AuditTable } from '../components/AuditTable.tsx';
import { ConfirmPhraseModal } from '../components/ConfirmPhraseModal.tsx';
import { ConsentBanner, ConsentPanel } from '../components/ConsentPanel.tsx';
import { DeletedItemsDrawer } from '../components/DeletedItemsDrawer.tsx';
import { patientConsequence } from '../components/DeleteItemModal.tsx';
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
import { countdown, fmtDate, fmtDateTime, patientName } from '../format.ts';

export function PatientPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('patient');
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
      <Alert color={gone ? 'orange' : 'red'} title={gone ? t('gone.title') : t('gone.unavailable')}>
        {gone ? (
          <>
            {e.details.expiresAt
              ? t('gone.expires', {
                  date: fmtDateTime(String(e.details.deletedAt)),
                  countdown: countdown(String(e.details.expiresAt)),
                })
              : t('gone.held', { date: fmtDateTime(String(e.details.deletedAt)) })}{' '}
            {can.delete && (
              <Anchor component={Link} to="/deleted">
                {t('gone.openDeleted')}
              </Anchor>
            )}
            <Group mt="sm">
              <RecordId id={id} />
              <Button size="xs" variant="default" onClick={historyCtl.open}>
                {t('actions.history')}
              </Button>
            </Group>
            {/* A deleted patient's history stays readable (PRODUCT.md §6). */}
            <HistoryDrawer
              kind="patient"
              id={id}
              title={t('gone.historyTitle')}
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
            {t('actions.history')}
          </Button>
          <Button component="a" href={`/api/patients/${p.id}/report.pdf`} variant="default" download>
            {t('actions.reportPdf')}
          </Button>
          {can.delete && (
            <Button variant="default" onClick={drawerCtl.open}>
              {t('actions.deletedItems')}
            </Button>
          )}
          {can.delete && (
            <Button color="red" variant="light" onClick={deleteModal.open}>
              {t('actions.delete')}
            </Button>
          )}
        </Group>
      </Group>
      <Group gap="lg" aria-label={t('counts.label')}>
        <Text size="sm" data-testid="image-count">
          <Trans t={t} i18nKey="counts.images" count={p.imageCount} components={{ b: <b /> }} />
        </Text>
        <Text size="sm" data-testid="entry-count">
          <Trans t={t} i18nKey="counts.entries" count={p.entryCount} components={{ b: <b /> }} />
        </Text>
        <Text size="sm">{t('counts.lastAppointment', { date: fmtDate(p.lastAppointmentAt) })}</Text>
        <Text size="sm">{t('counts.lastModified', { date: fmtDateTime(p.lastModifiedAt) })}</Text>
        <Text size="sm" c="dimmed">
          {t('counts.version', { version: p.version })}
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
        {t('activity.title')}
      </Title>
      <AuditTable
        label={t('activity.label')}
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
        title={t('historyTitle', { uniqueId: p.uniqueId })}
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
        title={t('delete.title', { uniqueId: p.uniqueId })}
        phrase={`delete ${p.uniqueId}`}
        action={t('actions.delete')}
        ready={deletion.why.reason !== ''}
        onConfirm={async (confirmation) => {
          const r = await del<DeletionResult>(`/api/patients/${p.id}`, { confirmation, ...deletion.body });
          deletion.reset();
          if (r.expiresAt) {
            // Undo is the recovery the patient's phrase allows, asked for right after the deletion.
            showDeletedWithUndo({
              message: t('delete.done', {
                uniqueId: p.uniqueId,
                entries: t('delete.entries', { count: r.deleted.entries }),
                images: t('delete.images', { count: r.deleted.images }),
                date: fmtDate(r.expiresAt),
              }),
              undoLabel: t('delete.undoLabel', { uniqueId: p.uniqueId }),
              undo: async () => {
                await post(`/api/patients/${p.id}/restore`, { confirmation: `restore ${p.uniqueId}` });
                await client.invalidateQueries({ queryKey: ['patients'] });
                await client.invalidateQueries({ queryKey: ['deleted-patients'] });
                navigate(`/patients/${p.id}`);
              },
              undone: t('delete.undone', { uniqueId: p.uniqueId }),
            });
          } else {
            notifications.show({ message: t('delete.removed') });
          }
          client.removeQueries({ queryKey: ['patient', p.id] });
          await client.invalidateQueries({ queryKey: ['patients'] });
          navigate('/patients');
        }}
      >
        {settings.data?.deletionPolicy === 'permanent' && (
          <Alert color="red" title={t('records:permanent.title')} data-testid="permanent-warning">
            {t('records:permanent.patient')}
          </Alert>
        )}
        <Text size="sm">
          {t('delete.what', {
            entries: t('delete.entries', { count: p.entryCount }),
            images: t('delete.images', { count: p.imageCount }),
          })}{' '}
          {settings.data
            ? patientConsequence(t, settings.data.deletionPolicy, settings.data.retentionMonths)
            : t('records:readingPolicy')}
        </Text>
        <DeletionReasonFields value={deletion.why} onChange={deletion.setWhy} required />
      </ConfirmPhraseModal>
    </Stack>
  );
}
