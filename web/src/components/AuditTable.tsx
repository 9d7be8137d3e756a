import { DataTable } from 'mantine-datatable';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../api/types.ts';
import { fmtDate, fmtDateTime } from '../format.ts';
import { actionWords, detailsWords, targetWords } from './audit-words.ts';

/** Audit events as a table; used by the Manager's log, a patient's activity and "my security". */
export function AuditTable({
  events,
  total,
  page,
  pageSize,
  onPage,
  fetching,
  label,
  withDetails = false,
}: {
  events: AuditEvent[];
  total: number;
  page: number;
  pageSize: number;
  onPage: (p: number) => void;
  fetching?: boolean;
  label: string;
  /** Also what each event recorded (ids, counts, e-mails): for the administrators' full log. */
  withDetails?: boolean;
}) {
  const { t } = useTranslation('audit');
  return (
    <DataTable
      aria-label={label}
      // Says when the rows shown are not yet those of the current filters or page.
      aria-busy={fetching ?? false}
      withTableBorder
      striped
      minHeight={120}
      // On a phone the columns scroll sideways: the scroller takes focus so keys can scroll it.
      scrollAreaProps={{ viewportProps: { tabIndex: 0, 'aria-label': t('table.scrollable', { label }) } }}
      noRecordsText={t('table.noEvents')}
      fetching={fetching}
      records={events}
      columns={[
        { accessor: 'at', title: t('table.when'), render: (e) => fmtDateTime(e.at), width: 170 },
        { accessor: 'action', title: t('table.event'), render: (e) => actionWords(t, e.action, e.details) },
        { accessor: 'actorEmail', title: t('table.who'), render: (e) => e.actorEmail ?? '—' },
        {
          accessor: 'ip',
          title: t('table.from'),
          render: (e) => e.ip ?? '—',
          visibleMediaQuery: '(min-width: 900px)',
        },
        { accessor: 'targetType', title: t('table.record'), render: (e) => targetWords(t, e.targetType) },
        {
          accessor: 'details',
          title: t('table.details'),
          hidden: !withDetails,
          render: (e) => <span style={{ wordBreak: 'break-word' }}>{detailsWords(t, e.details)}</span>,
        },
        // The activity of deleted records goes with them: when its content will be removed.
        {
          accessor: 'expiresAt',
          title: t('table.expires'),
          hidden: !withDetails,
          render: (e) => (e.expiresAt ? fmtDate(e.expiresAt) : '—'),
          width: 110,
          // A tablet's width has no room for it beside the details (no sideways scrolling).
          visibleMediaQuery: '(min-width: 900px)',
        },
      ]}
      totalRecords={total}
      recordsPerPage={pageSize}
      page={page}
      onPageChange={onPage}
      paginationText={({ from, to, totalRecords }) =>
        t('table.pagination', { from, to, total: totalRecords })
      }
    />
  );
}
