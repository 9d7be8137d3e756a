import { Alert, Button, Drawer, NavLink, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { changedFields } from '../../../shared/version-changes.ts';
import { get } from '../api/client.ts';
import { useTags } from '../api/queries.ts';
import type { HistoryVersion } from '../api/types.ts';
import { fmtDateTime } from '../format.ts';
import {
  fieldLabel,
  fieldText,
  type HistoryKind,
  inFieldOrder,
  type Names,
  operationWord,
} from './history-fields.ts';
import { versionSummary } from './history-summary.ts';
import { NotesDiff } from './NotesDiff.tsx';

const PATHS: Record<HistoryKind, string> = { patient: 'patients', entry: 'entries', image: 'images' };
/** Longer values are cut to this many characters until asked for in full. */
const SHORT = 160;

/**
 * Every version of a patient, entry or image, newest first (deletions and recoveries included):
 * who made it and when, what it changed against the version before, and the whole record then.
 */
export function HistoryDrawer(props: {
  kind: HistoryKind;
  id: string;
  /** What the record is called in the title: "patient ab-12". */
  title: string;
  /** The record's current version: a new one (a live edit, say) reads the history again. */
  version: number;
  opened: boolean;
  onClose: () => void;
  /** Names of the patient's images, so an entry's workspace reads as captions rather than counts. */
  imageNames?: Map<string, string>;
}) {
  const history = useQuery({
    queryKey: ['history', props.kind, props.id, props.version],
    queryFn: () => get<{ items: HistoryVersion[] }>(`/api/${PATHS[props.kind]}/${props.id}/history`),
    enabled: props.opened,
    // A new version while the drawer is open: keep showing this record's list (never another
    // record's, as the lightbox moves on) until the longer one arrives.
    placeholderData: (previous, query) =>
      query?.queryKey[1] === props.kind && query.queryKey[2] === props.id ? previous : undefined,
  });
  const { t } = useTranslation('history');
  const tags = useTags(props.opened).data?.items ?? [];
  const names: Names = { tags: new Map(tags.map((t) => [t.id, t.name])), images: props.imageNames };
  const [chosen, setChosen] = useState<number | null>(null);
  const items = history.data?.items ?? [];
  const index = Math.max(
    0,
    items.findIndex((v) => v.version === chosen),
  );
  const current = items[index];
  return (
    <Drawer
      opened={props.opened}
      onClose={() => {
        setChosen(null);
        props.onClose();
      }}
      position="right"
      size="xl"
      title={t('drawer.title', { record: props.title })}
      closeButtonProps={{ 'aria-label': t('drawer.close') }}
    >
      {history.error && (
        <Alert color="red" title={t('drawer.unavailable')}>
          {history.error.message}
        </Alert>
      )}
      {history.isLoading && <Text>{t('common:loading')}</Text>}
      {current && (
        <Stack>
          <nav aria-label={t('drawer.versions')}>
            {items.map((v, i) => (
              <NavLink
                key={v.version}
                component="button"
                active={v === current}
                aria-current={v === current ? 'true' : undefined}
                label={t('drawer.versionLabel', {
                  version: v.version,
                  summary: versionSummary(t, v, items[i + 1]),
                })}
                description={`${who(t, v)} · ${fmtDateTime(v.changedAt)}`}
                onClick={() => setChosen(v.version)}
                data-testid="history-version"
              />
            ))}
          </nav>
          <VersionDetails version={current} previous={items[index + 1]} names={names} />
        </Stack>
      )}
    </Drawer>
  );
}

// The heading names the version; a deletion's or recovery's snapshot repeats the number before it.
const snapshotFields = (data: Record<string, unknown>) =>
  inFieldOrder(
    Object.entries(data).filter(([field]) => field !== 'version'),
    ([field]) => field,
  );

const who = (t: TFunction, v: HistoryVersion) => v.changedByEmail ?? t('drawer.removedUser');

function VersionDetails({
  version,
  previous,
  names,
}: {
  version: HistoryVersion;
  previous: HistoryVersion | undefined;
  names: Names;
}) {
  const { t } = useTranslation('history');
  const changes = inFieldOrder(changedFields(previous?.data, version.data), (c) => c.field);
  return (
    <section aria-labelledby="history-version-title" data-testid="history-details">
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4" id="history-version-title">
            {t('details.title', { version: version.version, summary: versionSummary(t, version, previous) })}
          </Title>
          <Text size="sm" c="dimmed">
            {t('details.byOn', { who: who(t, version), when: fmtDateTime(version.changedAt) })}
          </Text>
        </div>
        <Title order={4} size="h5">
          {previous ? t('details.changesFrom', { version: previous.version }) : t('details.changes')}
        </Title>
        {!previous ? (
          <Text size="sm">{t('details.first')}</Text>
        ) : changes.length === 0 ? (
          <Text size="sm">
            {version.operation === 'update'
              ? t('details.noChange')
              : t('details.noChangeBecause', { operation: operationWord(t, version.operation, true) })}
          </Text>
        ) : (
          <Table
            aria-label={t('details.changedFields')}
            data-testid="history-changes"
            withTableBorder
            layout="fixed"
            style={{ overflowWrap: 'anywhere' }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="24%">{t('details.field')}</Table.Th>
                <Table.Th w="38%">{t('details.before')}</Table.Th>
                <Table.Th w="38%">{t('details.after')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {changes.map((c) => (
                <Table.Tr key={c.field}>
                  <Table.Td>{fieldLabel(t, c.field)}</Table.Td>
                  <Table.Td>
                    <Value text={fieldText(t, c.field, c.before, names)} label={fieldLabel(t, c.field)} />
                  </Table.Td>
                  <Table.Td>
                    <span aria-hidden="true">→ </span>
                    <Value text={fieldText(t, c.field, c.after, names)} label={fieldLabel(t, c.field)} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {changes
          .filter((c) => c.field === 'notes' || c.field === 'note')
          .map((c) => (
            <NotesDiff
              key={c.field}
              before={typeof c.before === 'string' ? c.before : ''}
              after={typeof c.after === 'string' ? c.after : ''}
              label={fieldLabel(t, c.field)}
            />
          ))}
        <Title order={4} size="h5">
          {t('details.snapshotTitle', { version: version.version })}
        </Title>
        <Table aria-label={t('details.snapshot')} data-testid="history-snapshot" withTableBorder>
          <Table.Tbody>
            {snapshotFields(version.data).map(([field, value]) => (
              <Table.Tr key={field}>
                <Table.Th scope="row" w="35%">
                  {fieldLabel(t, field)}
                </Table.Th>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  <Value text={fieldText(t, field, value, names)} label={fieldLabel(t, field)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </section>
  );
}

/** A value, cut short when long (clinical notes), with a button to read all of it. */
function Value({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation('history');
  const [all, setAll] = useState(false);
  if (text.length <= SHORT) return <span style={{ whiteSpace: 'pre-wrap' }}>{text}</span>;
  return (
    <span style={{ whiteSpace: 'pre-wrap' }}>
      {all ? text : `${text.slice(0, SHORT)}…`}{' '}
      <Button
        variant="subtle"
        size="compact-xs"
        aria-expanded={all}
        aria-label={all ? t('value.showLessOf', { label }) : t('value.showAllOf', { label })}
        onClick={() => setAll((v) => !v)}
      >
        {all ? t('value.showLess') : t('value.showAll')}
      </Button>
    </span>
  );
}
