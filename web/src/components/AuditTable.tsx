import { Code } from '@mantine/core';
import { DataTable } from 'mantine-datatable';
import type { AuditEvent } from '../api/types.ts';
import { fmtDateTime } from '../format.ts';

/** Audit events as a table; used by the Manager's log, a patient's activity and "my security". */
export function AuditTable({
  events,
  total,
  page,
  pageSize,
  onPage,
  fetching,
  label,
}: {
  events: AuditEvent[];
  total: number;
  page: number;
  pageSize: number;
  onPage: (p: number) => void;
  fetching?: boolean;
  label: string;
}) {
  return (
    <DataTable
      aria-label={label}
      withTableBorder
      striped
      minHeight={120}
      noRecordsText="No events"
      fetching={fetching}
      records={events}
      columns={[
        { accessor: 'at', title: 'When', render: (e) => fmtDateTime(e.at), width: 170 },
        { accessor: 'action', title: 'Event', render: (e) => <Code>{e.action}</Code> },
        { accessor: 'actorEmail', title: 'Who', render: (e) => e.actorEmail ?? '—' },
        {
          accessor: 'ip',
          title: 'From',
          render: (e) => e.ip ?? '—',
          visibleMediaQuery: '(min-width: 900px)',
        },
        { accessor: 'targetType', title: 'Record', render: (e) => e.targetType ?? '—' },
      ]}
      totalRecords={total}
      recordsPerPage={pageSize}
      page={page}
      onPageChange={onPage}
      paginationText={({ from, to, totalRecords }) => `${from}–${to} of ${totalRecords}`}
    />
  );
}
