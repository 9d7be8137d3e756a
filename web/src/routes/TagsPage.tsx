import {
  Alert,
  Button,
  ColorInput,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, patch, post } from '../api/client.ts';
import { useTagCategories, useTags } from '../api/queries.ts';
import type { Tag, TagCategory } from '../api/types.ts';
import { DeleteTagModal } from '../components/DeleteTagModal.tsx';
import { RenameField } from '../components/RenameField.tsx';

const SWATCHES = ['#1e88e5', '#43a047', '#e53935', '#fb8c00', '#8e24aa', '#00897b', '#6d4c41', '#546e7a'];

/** The account admin's tags: categories with their colour, the tags of each, rename and delete. */
export function TagsPage() {
  const { t } = useTranslation('tags');
  const categories = useTagCategories();
  const tags = useTags();
  const client = useQueryClient();
  const [deleting, setDeleting] = useState<Tag | null>(null);
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['tag-categories'] });
    await client.invalidateQueries({ queryKey: ['tags'] });
  };
  const loading = categories.isPending || tags.isPending;
  return (
    <Stack>
      <Title order={1}>{t('title')}</Title>
      <Text c="dimmed" size="sm">
        {t('intro')}
      </Text>
      <NewCategoryForm onCreated={refresh} />
      {(categories.error || tags.error) && (
        <Alert color="red" role="alert">
          {(categories.error ?? tags.error)?.message}
        </Alert>
      )}
      {loading ? (
        <Stack data-testid="tags-loading" aria-busy="true" aria-label={t('loading')}>
          <Skeleton h={120} />
          <Skeleton h={120} />
        </Stack>
      ) : categories.data?.items.length === 0 ? (
        <Text>{t('noCategories')}</Text>
      ) : (
        categories.data?.items.map((c) => (
          <CategoryPanel
            key={c.id}
            category={c}
            tags={(tags.data?.items ?? []).filter((tag) => tag.categoryId === c.id)}
            onChanged={refresh}
            onDelete={setDeleting}
          />
        ))
      )}
      <DeleteTagModal tag={deleting} onClose={() => setDeleting(null)} onDeleted={refresh} />
    </Stack>
  );
}

function NewCategoryForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const [name, setName] = useState('');
  const [color, setColor] = useState(SWATCHES[0] ?? '#1e88e5');
  const { t } = useTranslation('tags');
  const [error, setError] = useState<string | null>(null);
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await post<TagCategory>('/api/tag-categories', { name, color });
            setName('');
            setError(null);
            await onCreated();
          } catch (err) {
            setError(err instanceof ApiError ? (err.fields.name ?? err.message) : String(err));
          }
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label={t('newCategory')}
            placeholder={t('newCategoryPlaceholder')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error}
            required
            style={{ flex: 1, minWidth: 200 }}
          />
          <ColorInput
            label={t('colour')}
            value={color}
            onChange={setColor}
            swatches={SWATCHES}
            format="hex"
            withEyeDropper={false}
            w={160}
          />
          <Button type="submit">{t('createCategory')}</Button>
        </Group>
      </form>
    </Paper>
  );
}

function CategoryPanel({
  category,
  tags,
  onChanged,
  onDelete,
}: {
  category: TagCategory;
  tags: Tag[];
  onChanged: () => Promise<void>;
  onDelete: (tag: Tag) => void;
}) {
  const { t } = useTranslation('tags');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = async (change: Partial<TagCategory>) => {
    await patch(`/api/tag-categories/${category.id}`, change);
    await onChanged();
  };
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-label={t('categoryLabel', { name: category.name })}
      style={{ borderLeft: `6px solid ${category.color}` }}
    >
      <Stack gap="sm">
        <Group align="flex-end" wrap="wrap">
          <RenameField label={t('categoryName')} value={category.name} onSave={(n) => save({ name: n })} />
          <ColorInput
            label={t('colour')}
            defaultValue={category.color}
            swatches={SWATCHES}
            format="hex"
            withEyeDropper={false}
            w={160}
            onChangeEnd={(c) => void save({ color: c })}
          />
        </Group>
        {tags.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('noTags')}
          </Text>
        ) : (
          <Stack gap={6} aria-label={t('tagsIn', { name: category.name })}>
            {tags.map((tag) => (
              <Group key={tag.id} align="flex-end" wrap="wrap">
                <RenameField
                  label={t('tagLabel', { name: tag.name })}
                  value={tag.name}
                  onSave={async (n) => {
                    await patch(`/api/tags/${tag.id}`, { name: n });
                    await onChanged();
                  }}
                />
                <Button variant="light" color="red" onClick={() => onDelete(tag)}>
                  {t('deleteTag', { name: tag.name })}
                </Button>
              </Group>
            ))}
          </Stack>
        )}
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              await post<Tag>('/api/tags', { name, categoryId: category.id });
              setName('');
              setError(null);
              await onChanged();
            } catch (err) {
              setError(err instanceof ApiError ? (err.fields.name ?? err.message) : String(err));
            }
          }}
        >
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label={t('newTagIn', { name: category.name })}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={error}
              required
              style={{ flex: 1, minWidth: 200 }}
            />
            <Button type="submit" variant="default">
              {t('addTag')}
            </Button>
          </Group>
        </form>
      </Stack>
    </Paper>
  );
}
