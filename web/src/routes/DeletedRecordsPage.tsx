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
import { tableTexts } from '../components/table-texts.ts';
import { countdown, fmtDateTime, patientName } from '../format.ts';

/** Deleted patients with who deleted them and when they are removed for good; recovery by phrase. */
export function DeletedRecordsPage() {
  const { t } = useTranslation('deleted');
  const client = useQueryClient();
  const navigate = useNavigate();
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
      <Title order={1}>{t('title')}</Title>
      <Text size="sm">{t('intro')}</Text>
      <SegmentedControl
        aria-label={t('sort.label')}
        w={phone ? undefined : 'fit-content'}
        orientation={phone ? 'vertical' : 'horizontal'}
        data={[
          { value: 'expiresAt', label: t('sort.expiresAt') },
          { value: 'deletedAt', label: t('sort.deletedAt') },
        ]}
        value={sort}
        onChange={setSort}
      />
      {conflict && (
        <Alert
          color="orange"
          title={t('conflict.title')}
          withCloseButton
          closeButtonLabel={t('conflict.dismiss')}
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
          aria-label={t('patients')}
          withTableBorder
          striped
          minHeight={160}
          noRecordsText={t('empty')}
          fetching={list.isFetching}
          records={list.data?.items ?? []}
          totalRecords={list.data?.total ?? 0}
          recordsPerPage={25}
          page={page}
          onPageChange={setPage}
          {...tableTexts(t)}
          columns={[
            { accessor: 'uniqueId', title: t('columns.uniqueId') },
            { accessor: 'name', title: t('columns.name'), render: (p) => patientName(p) },
            { accessor: 'deletedAt', title: t('columns.deletedAt'), render: (p) => fmtDateTime(p.deletedAt) },
            {
              accessor: 'deletedByEmail',
              title: t('columns.deletedBy'),
              render: (p) => p.deletedByEmail ?? '—',
            },
            {
              accessor: 'reason',
              title: t('lifecycle:reason.column'),
              render: (p) => <DeletionReasonText reason={p.reason} reasonNote={p.reasonNote} />,
            },
            {
              accessor: 'expiresAt',
              title: t('columns.expiresAt'),
              render: (p) =>
                p.expiresAt ? (
                  <span title={fmtDateTime(p.expiresAt)}>{countdown(p.expiresAt)}</span>
                ) : (
                  <Badge color="orange" variant="light" title={p.holdReason ?? undefined}>
                    {t('legalHold')}
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
                  aria-label={t('recoverNamed', { name: p.uniqueId })}
                >
                  {t('common:recover')}
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
          title={t('recover.title', { uniqueId: recovering.uniqueId })}
          phrase={`restore ${recovering.uniqueId}`}
          action={t('recover.action')}
          color="vellum"
          onConfirm={async (confirmation) => {
            const target = recovering;
            try {
              const p = await post<Patient>(`/api/patients/${target.id}/restore`, { confirmation });
              notifications.show({
                color: 'vellum',
                message: t('recover.done', { uniqueId: p.uniqueId }),
              });
              setRecovering(null);
              await client.invalidateQueries({ queryKey: ['deleted-patients'] });
              await client.invalidateQueries({ queryKey: ['patients'] });
              navigate(`/patients/${p.id}`);
            } catch (err) {
              if (err instanceof ApiError && err.code === 'unique_id_taken') {
                setRecovering(null);
                setConflict(t('conflict.text', { uniqueId: target.uniqueId }));
                return;
              }
              throw err;
            }
          }}
        >
          <Text size="sm">{t('recover.explain', { uniqueId: recovering.uniqueId })}</Text>
        </ConfirmPhraseModal>
      )}
    </Stack>
  );
}
