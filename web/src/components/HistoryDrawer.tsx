import { Alert, Button, Drawer, NavLink, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
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
      title={`History of ${props.title}`}
      closeButtonProps={{ 'aria-label': 'Close history' }}
    >
      {history.error && (
        <Alert color="red" title="History not available">
          {history.error.message}
        </Alert>
      )}
      {history.isLoading && <Text>Loading…</Text>}
      {current && (
        <Stack>
          <nav aria-label="Versions">
            {items.map((v, i) => (
              <NavLink
                key={v.version}
                component="button"
                active={v === current}
                aria-current={v === current ? 'true' : undefined}
                label={`Version ${v.version} · ${versionSummary(v, items[i + 1])}`}
                description={`${who(v)} · ${fmtDateTime(v.changedAt)}`}
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

const who = (v: HistoryVersion) => v.changedByEmail ?? 'a removed user';

function VersionDetails({
  version,
  previous,
  names,
}: {
  version: HistoryVersion;
  previous: HistoryVersion | undefined;
  names: Names;
}) {
  const changes = inFieldOrder(changedFields(previous?.data, version.data), (c) => c.field);
  return (
    <section aria-labelledby="history-version-title" data-testid="history-details">
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4" id="history-version-title">
            Version {version.version}: {versionSummary(version, previous)}
          </Title>
          <Text size="sm" c="dimmed">
            by {who(version)} on {fmtDateTime(version.changedAt)}
          </Text>
        </div>
        <Title order={4} size="h5">
          {previous ? `Changes from version ${previous.version}` : 'Changes'}
        </Title>
        {!previous ? (
          <Text size="sm">The first version: the record as it was created.</Text>
        ) : changes.length === 0 ? (
          <Text size="sm">
            No field changed
            {version.operation === 'update'
              ? '.'
              : `: the record was ${operationWord(version.operation).toLowerCase()}.`}
          </Text>
        ) : (
          <Table
            aria-label="Changed fields"
            data-testid="history-changes"
            withTableBorder
            layout="fixed"
            style={{ overflowWrap: 'anywhere' }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="24%">Field</Table.Th>
                <Table.Th w="38%">Before</Table.Th>
                <Table.Th w="38%">After</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {changes.map((c) => (
                <Table.Tr key={c.field}>
                  <Table.Td>{fieldLabel(c.field)}</Table.Td>
                  <Table.Td>
                    <Value text={fieldText(c.field, c.before, names)} label={fieldLabel(c.field)} />
                  </Table.Td>
                  <Table.Td>
                    <span aria-hidden="true">→ </span>
                    <Value text={fieldText(c.field, c.after, names)} label={fieldLabel(c.field)} />
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
              label={fieldLabel(c.field)}
            />
          ))}
        <Title order={4} size="h5">
          The record at version {version.version}
        </Title>
        <Table aria-label="Record at this version" data-testid="history-snapshot" withTableBorder>
          <Table.Tbody>
            {snapshotFields(version.data).map(([field, value]) => (
              <Table.Tr key={field}>
                <Table.Th scope="row" w="35%">
                  {fieldLabel(field)}
                </Table.Th>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  <Value text={fieldText(field, value, names)} label={fieldLabel(field)} />
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
  const [all, setAll] = useState(false);
  if (text.length <= SHORT) return <span style={{ whiteSpace: 'pre-wrap' }}>{text}</span>;
  return (
    <span style={{ whiteSpace: 'pre-wrap' }}>
      {all ? text : `${text.slice(0, SHORT)}…`}{' '}
      <Button
        variant="subtle"
        size="compact-xs"
        aria-expanded={all}
        aria-label={`${all ? 'Show less of' : 'Show all of'} ${label}`}
        onClick={() => setAll((v) => !v)}
      >
        {all ? 'Show less' : 'Show all'}
      </Button>
    </span>
  );
}
