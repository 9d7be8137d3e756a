import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Image,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, get, patch } from '../api/client.ts';
import { abilities, useUser } from '../api/session.tsx';
import type { ImageModality, Lesion, LesionStatus, LesionTimelineItem, List } from '../api/types.ts';
import { BeforeAfter } from '../components/BeforeAfter.tsx';
import { BodyMap, STATUS_COLOURS } from '../components/BodyMap.tsx';
import { imageLabel } from '../components/comparison-labels.ts';
import { DeleteLesionButton } from '../components/DeleteLesionButton.tsx';
import { LesionUpload } from '../components/LesionUpload.tsx';
import {
  LESION_STATUSES,
  modalityLabel,
  siteWords,
  statusLabel,
  timeBetween,
} from '../components/lesion-words.ts';
import { fmtDate } from '../format.ts';

/** One lesion: where it is, its state, its photos over time and first-versus-latest. */
export function LesionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('lesions');
  const can = abilities(useUser().role);
  const lesion = useQuery({ queryKey: ['lesion', id], queryFn: () => get<Lesion>(`/api/lesions/${id}`) });
  const timeline = useQuery({
    queryKey: ['lesion-images', id],
    queryFn: () => get<List<LesionTimelineItem>>(`/api/lesions/${id}/images`),
  });
  if (lesion.error)
    return (
      <Alert color="red" title={t('page.unavailable')}>
        {lesion.error.message}
      </Alert>
    );
  if (!lesion.data) return <Text c="dimmed">{t('page.loading')}</Text>;
  const l = lesion.data;
  return (
    <Stack>
      <Anchor component={Link} to={`/patients/${l.patientId}`}>
        ← {t('page.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1}>{t('page.title', { label: l.label })}</Title>
          <Text>{siteWords(t, l.site)}</Text>
          <Text size="sm" c="dimmed">
            {t('page.recorded', { date: fmtDate(l.createdAt), code: l.site.code })}
          </Text>
        </Stack>
        <Group gap="sm">
          <Badge color={STATUS_COLOURS[l.status]} size="lg" variant="light">
            {statusLabel(t, l.status)}
          </Badge>
          {can.delete && <DeleteLesionButton lesion={l} />}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <BodyMap lesions={[l]} height={280} />
        </Paper>
        <LesionDetails lesion={l} />
      </SimpleGrid>
      <LesionComparison items={timeline.data?.items ?? []} loading={timeline.isPending} />
      {can.clinical && <LesionUpload lesion={l} />}
      <Paper withBorder p="md" component="section" aria-labelledby="timeline-title">
        <Title order={2} size="h4" id="timeline-title" mb="sm">
          {t('page.timeline')}
        </Title>
        {timeline.data && timeline.data.items.length === 0 ? (
          <Text c="dimmed">{t('page.noPhotos')}</Text>
        ) : (
          <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }}>
            {(timeline.data?.items ?? []).map((item) => (
              <Card key={item.image.id} withBorder padding="xs">
                <Card.Section>
                  <Image src={item.image.urls.thumbnail} alt={imageLabel(item.image)} h={120} fit="cover" />
                </Card.Section>
                <Text size="sm" mt={4}>
                  {fmtDate(item.takenAt)}
                </Text>
                <Text size="xs" c="dimmed">
                  {item.entryDate
                    ? t('page.modalityVisit', {
                        modality: modalityLabel(t, item.image.modality),
                        date: fmtDate(item.entryDate),
                      })
                    : modalityLabel(t, item.image.modality)}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
        )}
      </Paper>
    </Stack>
  );
}

function LesionDetails({ lesion }: { lesion: Lesion }) {
  const client = useQueryClient();
  const { t } = useTranslation('lesions');
  const [status, setStatus] = useState<LesionStatus>(lesion.status);
  const [diagnosis, setDiagnosis] = useState(lesion.diagnosis);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setStatus(lesion.status);
    setDiagnosis(lesion.diagnosis);
  }, [lesion.status, lesion.diagnosis]);
  const changed = status !== lesion.status || diagnosis.trim() !== lesion.diagnosis;
  const save = async () => {
    setBusy(true);
    try {
      const updated = await patch<Lesion>(
        `/api/lesions/${lesion.id}`,
        { status, diagnosis: diagnosis.trim() },
        { 'if-match': `"${lesion.version}"` },
      );
      client.setQueryData(['lesion', lesion.id], updated);
      await client.invalidateQueries({ queryKey: ['lesions', lesion.patientId] });
      notifications.show({ message: t('page.saved', { label: updated.label }) });
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.message : t('notSaved') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="md">
      <Stack>
        <Select
          label={t('fields.status')}
          data={LESION_STATUSES.map((value) => ({ value, label: statusLabel(t, value) }))}
          value={status}
          onChange={(v) => v && setStatus(v as LesionStatus)}
          allowDeselect={false}
        />
        <Textarea
          label={t('fields.diagnosis')}
          value={diagnosis}
          onChange={(e) => setDiagnosis(e.currentTarget.value)}
          autosize
          minRows={3}
          maxLength={2000}
        />
        <Group justify="flex-end">
          <Button onClick={save} disabled={!changed} loading={busy}>
            {t('common:save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** First and latest photo of one modality by default; any two can be chosen. */
function LesionComparison({ items, loading }: { items: LesionTimelineItem[]; loading: boolean }) {
  const { t } = useTranslation('lesions');
  const kinds = useMemo(
    () =>
      (['dermoscopic', 'clinical', 'overview'] as const).filter(
        (m) => items.filter((i) => i.image.modality === m).length >= 2,
      ),
    [items],
  );
  const [modality, setModality] = useState<ImageModality | null>(null);
  const shown =
    modality && kinds.includes(modality as (typeof kinds)[number]) ? modality : (kinds[0] ?? null);
  const same = items.filter((i) => i.image.modality === shown);
  const [pick, setPick] = useState<[string | null, string | null]>([null, null]);
  const before = same.find((i) => i.image.id === pick[0]) ?? same[0];
  const after = same.find((i) => i.image.id === pick[1]) ?? same[same.length - 1];
  if (loading) return null;
  if (!shown || !before || !after) return <Text c="dimmed">{t('compare.needTwo')}</Text>;
  const options = same.map((i) => ({
    value: i.image.id,
    label: `${fmtDate(i.takenAt)} · ${imageLabel(i.image)}`,
  }));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="compare-title">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id="compare-title">
            {t('compare.title')}
          </Title>
          {kinds.length > 1 && (
            <SegmentedControl
              value={shown}
              onChange={(v) => {
                setModality(v as ImageModality);
                setPick([null, null]);
              }}
              data={kinds.map((k) => ({ value: k, label: modalityLabel(t, k) }))}
            />
          )}
        </Group>
        <Group grow>
          <Select
            label={t('compare.before')}
            data={options}
            value={before.image.id}
            onChange={(v) => setPick([v, pick[1]])}
          />
          <Select
            label={t('compare.after')}
            data={options}
            value={after.image.id}
            onChange={(v) => setPick([pick[0], v])}
          />
        </Group>
        <Text size="sm" data-testid="time-between">
          {t('compare.between', {
            span: timeBetween(t, before.takenAt, after.takenAt),
            from: fmtDate(before.takenAt),
            to: fmtDate(after.takenAt),
          })}
        </Text>
        <BeforeAfter before={before.image} after={after.image} name={t('compare.name')} />
      </Stack>
    </Paper>
  );
}
