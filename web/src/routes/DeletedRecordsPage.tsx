import { Alert, Badge, Button, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, get, post } from '../api/client.ts';
import type { DeletedPatient, List, Patient } from '../api/types.ts';
import { ConfirmPhraseModal } from '../components/ConfirmPhraseModal.tsx';
import { DeletedPatientCards } from '../components/DeletedPatientCards.tsx';
import { DeletionReasonText } from '../components/DeletionReason.tsx';
import { countdown, fmtDateTime, patientName } from '../format.ts';

/** Deleted patients with who deleted them and when they are removed for good; recovery by phrase. */
export function DeletedRecordsPage() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const { t } = useTranslation('lifecycle');
  const [sort, setSort] = useState('expiresAt');
  const [page, setPage] = useState(1);
  const [recovering, setRecovering] = useState<DeletedPatient | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const phone = useMediaQuery('(max-width: 600px)') ?? false;
  const list = useQuery({
    queryKey: ['deleted-patients', sort, page],
    queryFn: () => get<List<DeletedPatient>>('/api/deleted/patients', { sort, page, pageSize: 25 }),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack>
      <Title order={1}>Deleted records</Title>
      <Text size="sm">
        Deleted patients can be recovered, with everything deleted with them, until their countdown runs out.
        Then the daily cleanup removes them and their files for good.
      </Text>
      <SegmentedControl
        aria-label="Sort deleted patients"
        w={phone ? undefined : 'fit-content'}
        orientation={phone ? 'vertical' : 'horizontal'}
        data={[
          { value: 'expiresAt', label: 'Soonest removal first' },
          { value: 'deletedAt', label: 'Most recently deleted first' },
        ]}
        value={sort}
        onChange={setSort}
      />
      {conflict && (
        <Alert
          color="orange"
          title="Cannot recover yet"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setConflict(null)}
          role="alert"
        >
          {conflict}
        </Alert>
      )}
      {phone ? (
        <DeletedPatientCards
          patients={list.data?.items ?? []}
          loading={list.isPending}
          total={list.data?.total ?? 0}
          page={page}
          pageSize={25}
          onPage={setPage}
          onRecover={setRecovering}
        />
      ) : (
        <DataTable
          aria-label="Deleted patients"
          withTableBorder
          striped
          minHeight={160}
          noRecordsText="No deleted patients"
          fetching={list.isFetching}
          records={list.data?.items ?? []}
          totalRecords={list.data?.total ?? 0}
          recordsPerPage={25}
          page={page}
          onPageChange={setPage}
          paginationText={({ from, to, totalRecords }) => `${from}–${to} of ${totalRecords}`}
          columns={[
            { accessor: 'uniqueId', title: 'Unique ID' },
            { accessor: 'name', title: 'Name', render: (p) => patientName(p) },
            { accessor: 'deletedAt', title: 'Deleted', render: (p) => fmtDateTime(p.deletedAt) },
            { accessor: 'deletedByEmail', title: 'Deleted by', render: (p) => p.deletedByEmail ?? '—' },
            {
              accessor: 'reason',
              title: t('reason.column'),
              render: (p) => <DeletionReasonText reason={p.reason} reasonNote={p.reasonNote} />,
            },
            {
              accessor: 'expiresAt',
              title: 'Removed for good',
              render: (p) =>
                p.expiresAt ? (
                  <span title={fmtDateTime(p.expiresAt)}>{countdown(p.expiresAt)}</span>
                ) : (
                  <Badge color="orange" variant="light" title={p.holdReason ?? undefined}>
                    Legal hold
                  </Badge>
                ),
            },
            {
              accessor: 'actions',
              title: '',
              textAlign: 'right',
              render: (p) => (
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => setRecovering(p)}
                  aria-label={`Recover ${p.uniqueId}`}
                >
                  Recover
                </Button>
              ),
            },
          ]}
        />
      )}
      {recovering && (
        <ConfirmPhraseModal
          opened
          onClose={() => setRecovering(null)}
          title={`Recover patient ${recovering.uniqueId}`}
          phrase={`restore ${recovering.uniqueId}`}
          action="Recover patient"
          color="vellum"
          onConfirm={async (confirmation) => {
            const target = recovering;
            try {
              const p = await post<Patient>(`/api/patients/${target.id}/restore`, { confirmation });
              notifications.show({
                color: 'vellum',
                message: `${p.uniqueId} recovered with what was deleted with it.`,
              });
              setRecovering(null);
              await client.invalidateQueries({ queryKey: ['deleted-patients'] });
              await client.invalidateQueries({ queryKey: ['patients'] });
              navigate(`/patients/${p.id}`);
            } catch (err) {
              if (err instanceof ApiError && err.code === 'unique_id_taken') {
                setRecovering(null);
                setConflict(
                  `Another active patient now uses the unique ID "${target.uniqueId}". Unique IDs are unique among active patients, so this one cannot come back under it. Change that patient's unique ID (or delete it), then recover this one.`,
                );
                return;
              }
              throw err;
            }
          }}
        >
          <Text size="sm">
            This brings back {recovering.uniqueId} with the entries and images deleted together with it. Items
            deleted on their own before stay in the patient's Deleted Items.
          </Text>
        </ConfirmPhraseModal>
      )}
    </Stack>
  );
}
