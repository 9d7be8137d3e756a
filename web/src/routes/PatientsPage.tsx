import { Alert, Anchor, Badge, Button, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback, useDisclosure, useMediaQuery } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DataTable, type DataTableSortStatus } from 'mantine-datatable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { get } from '../api/client.ts';
import { useTags } from '../api/queries.ts';
import type { List, Patient } from '../api/types.ts';
import { NewPatientModal } from '../components/NewPatientModal.tsx';
import { PatientCards } from '../components/PatientCards.tsx';
import { type Params, PatientFilters } from '../components/PatientFilters.tsx';
import { TagChips } from '../components/Tags.tsx';
import { tableTexts } from '../components/table-texts.ts';
import { fmtDate, fmtDateTime, patientName } from '../format.ts';

const SORT_BY_COLUMN: Record<string, string> = {
  uniqueId: 'uniqueId',
  name: 'name',
  lastAppointmentAt: 'lastAppointment',
  lastModifiedAt: 'lastModified',
};
const COLUMN_BY_SORT = Object.fromEntries(Object.entries(SORT_BY_COLUMN).map(([k, v]) => [v, k]));
const PAGE_SIZES = [10, 25, 50, 100];

/** The patient database: search, sorts, filters and pages, all kept in the URL so a view can be bookmarked. */
export function PatientsPage() {
  const { t } = useTranslation('patients');
  const [search, setSearch] = useSearchParams();
  const params: Params = Object.fromEntries(search.entries());
  const [q, setQ] = useState(params.q ?? '');
  const [creating, creatingModal] = useDisclosure(false);
  const [showFilters, filters] = useDisclosure(
    Object.keys(params).some((k) => !['q', 'sort', 'order', 'page', 'pageSize'].includes(k)),
  );
  const tags = useTags().data?.items;
  const navigate = useNavigate();
  // Below 600 px the table would scroll sideways and hide the counts: cards instead.
  const phone = useMediaQuery('(max-width: 600px)') ?? false;

  /** Changing anything but the page starts again at page 1. */
  const set = (changes: Params) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setSearch(next, { replace: true });
  };
  const setQDebounced = useDebouncedCallback((v: string) => set({ q: v }), 300);

  const sort = params.sort ?? 'lastModified';
  const order = params.order ?? 'desc';
  const page = Number(params.page ?? 1);
  const pageSize = Number(params.pageSize ?? 25);
  const list = useQuery({
    queryKey: ['patients', search.toString()],
    queryFn: () => get<List<Patient>>('/api/patients', { ...params, sort, order, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const sortStatus: DataTableSortStatus<Patient> = {
    columnAccessor: COLUMN_BY_SORT[sort] ?? 'lastModifiedAt',
    direction: order === 'asc' ? 'asc' : 'desc',
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('list.title')}</Title>
        <Button onClick={creatingModal.open}>{t('list.new')}</Button>
      </Group>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label={t('list.search')}
          placeholder={t('list.searchPlaceholder')}
          type="search"
          style={{ flex: 1, minWidth: 220 }}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setQDebounced(e.currentTarget.value);
          }}
        />
        <Select
          label={t('list.sortBy')}
          w={180}
          allowDeselect={false}
          data={[
            { value: 'lastModified', label: t('columns.lastModified') },
            { value: 'lastAppointment', label: t('columns.lastAppointment') },
            { value: 'uniqueId', label: t('columns.uniqueId') },
            { value: 'name', label: t('columns.name') },
          ]}
          value={sort}
          onChange={(v) => set({ sort: v ?? 'lastModified' })}
        />
        <Select
          label={t('list.direction')}
          w={140}
          allowDeselect={false}
          data={[
            { value: 'asc', label: t('list.ascending') },
            { value: 'desc', label: t('list.descending') },
          ]}
          value={order}
          onChange={(v) => set({ order: v ?? 'desc' })}
        />
        <Button variant="default" onClick={filters.toggle} aria-expanded={showFilters}>
          {showFilters ? t('list.hideFilters') : t('list.filters')}
        </Button>
      </Group>
      {showFilters && <PatientFilters params={params} set={set} />}
      {list.error && (
        <Alert color="red" role="alert">
          {list.error.message}
        </Alert>
      )}
      <Text size="sm" aria-live="polite" data-testid="patient-total">
        {list.data ? t('list.total', { count: list.data.total }) : ' '}
      </Text>
      {phone ? (
        <PatientCards
          patients={list.data?.items ?? []}
          tags={tags}
          loading={list.isPending}
          total={list.data?.total ?? 0}
          page={page}
          pageSize={pageSize}
          onPage={(p) => set({ page: String(p) })}
        />
      ) : (
        <DataTable
          aria-label={t('list.title')}
          withTableBorder
          striped
          highlightOnHover
          // The whole row opens the patient; the unique ID stays a link for keyboards.
          onRowClick={({ record }) => navigate(`/patients/${record.id}`)}
          minHeight={200}
          noRecordsText={t('list.noMatch')}
          fetching={list.isFetching}
          records={list.data?.items ?? []}
          sortStatus={sortStatus}
          onSortStatusChange={(s) =>
            set({ sort: SORT_BY_COLUMN[s.columnAccessor as string] ?? 'lastModified', order: s.direction })
          }
          totalRecords={list.data?.total ?? 0}
          recordsPerPage={pageSize}
          page={page}
          onPageChange={(p) => set({ page: String(p) })}
          recordsPerPageOptions={PAGE_SIZES}
          onRecordsPerPageChange={(n) => set({ pageSize: String(n) })}
          recordsPerPageLabel={t('list.perPage')}
          {...tableTexts(t)}
          columns={[
            {
              accessor: 'uniqueId',
              title: t('columns.uniqueId'),
              sortable: true,
              render: (p) => (
                <Group gap={6} wrap="nowrap">
                  <Anchor component={Link} to={`/patients/${p.id}`}>
                    {p.uniqueId}
                  </Anchor>
                  {p.hold && (
                    <Badge size="xs" color="orange" variant="light" title={p.hold.reason}>
                      {t('list.legalHold')}
                    </Badge>
                  )}
                </Group>
              ),
            },
            { accessor: 'name', title: t('columns.name'), sortable: true, render: (p) => patientName(p) },
            {
              accessor: 'lastAppointmentAt',
              title: t('columns.lastAppointment'),
              sortable: true,
              render: (p) => fmtDate(p.lastAppointmentAt),
            },
            { accessor: 'entryCount', title: t('columns.entries'), textAlign: 'right' },
            { accessor: 'imageCount', title: t('columns.images'), textAlign: 'right' },
            {
              accessor: 'effectiveTagIds',
              title: t('columns.tags'),
              render: (p) => <TagChips ids={p.effectiveTagIds} tags={tags} />,
              visibleMediaQuery: '(min-width: 1000px)',
            },
            {
              accessor: 'lastModifiedAt',
              title: t('columns.lastModified'),
              sortable: true,
              render: (p) => fmtDateTime(p.lastModifiedAt),
            },
          ]}
        />
      )}
      <NewPatientModal opened={creating} onClose={creatingModal.close} />
    </Stack>
  );
}
