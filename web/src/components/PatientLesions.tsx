import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { BodyView } from '../../../shared/body-map.ts';
import { get } from '../api/client.ts';
import type { Lesion, List } from '../api/types.ts';
import { BodyMap, STATUS_COLOURS } from './BodyMap.tsx';
import { siteWords, statusLabel } from './lesion-words.ts';
import { NewLesionModal } from './NewLesionModal.tsx';

export const useLesions = (patientId: string) =>
  useQuery({
    queryKey: ['lesions', patientId],
    queryFn: () => get<List<Lesion>>(`/api/patients/${patientId}/lesions`),
  });

/** The patient's lesions on the body map and as a list; a new one is placed by clicking the map. */
export function PatientLesions({ patientId }: { patientId: string }) {
  const { t } = useTranslation('lesions');
  const lesions = useLesions(patientId);
  const navigate = useNavigate();
  const [placing, setPlacing] = useState(false);
  const [point, setPoint] = useState<{ view: BodyView; x: number; y: number } | null>(null);
  const items = lesions.data?.items ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="lesions-title">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id="lesions-title">
            {t('list.title')}
          </Title>
          <Button variant={placing ? 'filled' : 'default'} onClick={() => setPlacing((p) => !p)} mih={44}>
            {placing ? t('list.cancelPlacing') : t('list.new')}
          </Button>
        </Group>
        {placing && <Text size="sm">{t('list.placeHint')}</Text>}
        <BodyMap
          lesions={items}
          onOpen={(id) => navigate(`/lesions/${id}`)}
          onPlace={placing ? (view, x, y) => setPoint({ view, x, y }) : undefined}
          placed={point}
        />
        {lesions.isPending ? (
          <Text c="dimmed">{t('list.loading')}</Text>
        ) : items.length === 0 ? (
          <Text c="dimmed">{t('list.empty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={360}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.lesion')}</Table.Th>
                  <Table.Th>{t('fields.site')}</Table.Th>
                  <Table.Th>{t('fields.status')}</Table.Th>
                  <Table.Th>{t('fields.photos')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/lesions/${l.id}`}>
                        {l.label}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{siteWords(t, l.site)}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOURS[l.status]} variant="light">
                        {statusLabel(t, l.status)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{l.imageCount}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <NewLesionModal
        patientId={patientId}
        point={point}
        onClose={(created) => {
          setPoint(null);
          if (created) setPlacing(false);
        }}
      />
    </Paper>
  );
}
