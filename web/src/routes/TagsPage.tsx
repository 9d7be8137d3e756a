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
import { ApiError, patch, post } from '../api/client.ts';
import { useTagCategories, useTags } from '../api/queries.ts';
import type { Tag, TagCategory } from '../api/types.ts';
import { DeleteTagModal } from '../components/DeleteTagModal.tsx';
import { RenameField } from '../components/RenameField.tsx';

const SWATCHES = ['#1e88e5', '#43a047', '#e53935', '#fb8c00', '#8e24aa', '#00897b', '#6d4c41', '#546e7a'];

/** The account admin's tags: categories with their colour, the tags of each, rename and delete. */
export function TagsPage() {
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
      <Title order={1}>Tags</Title>
      <Text c="dimmed" size="sm">
        Tags sort patients, entries and images into groups your practice chooses. Each tag belongs to a
        category, and shows in the category's colour.
      </Text>
      <NewCategoryForm onCreated={refresh} />
      {(categories.error || tags.error) && (
        <Alert color="red" role="alert">
          {(categories.error ?? tags.error)?.message}
        </Alert>
      )}
      {loading ? (
        <Stack data-testid="tags-loading" aria-busy="true" aria-label="Loading tags">
          <Skeleton h={120} />
          <Skeleton h={120} />
        </Stack>
      ) : categories.data?.items.length === 0 ? (
        <Text>No categories yet. Create the first one above, then add its tags.</Text>
      ) : (
        categories.data?.items.map((c) => (
          <CategoryPanel
            key={c.id}
            category={c}
            tags={(tags.data?.items ?? []).filter((t) => t.categoryId === c.id)}
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
            label="New category"
            placeholder="For example: Diagnosis"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error}
            required
            style={{ flex: 1, minWidth: 200 }}
          />
          <ColorInput
            label="Colour"
            value={color}
            onChange={setColor}
            swatches={SWATCHES}
            format="hex"
            withEyeDropper={false}
            w={160}
          />
          <Button type="submit">Create category</Button>
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
      aria-label={`Category ${category.name}`}
      style={{ borderLeft: `6px solid ${category.color}` }}
    >
      <Stack gap="sm">
        <Group align="flex-end" wrap="wrap">
          <RenameField label="Category name" value={category.name} onSave={(n) => save({ name: n })} />
          <ColorInput
            label="Colour"
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
            No tags in this category yet.
          </Text>
        ) : (
          <Stack gap={6} aria-label={`Tags in ${category.name}`}>
            {tags.map((t) => (
              <Group key={t.id} align="flex-end" wrap="wrap">
                <RenameField
                  label={`Tag ${t.name}`}
                  value={t.name}
                  onSave={async (n) => {
                    await patch(`/api/tags/${t.id}`, { name: n });
                    await onChanged();
                  }}
                />
                <Button variant="light" color="red" onClick={() => onDelete(t)}>
                  Delete {t.name}
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
              label={`New tag in ${category.name}`}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={error}
              required
              style={{ flex: 1, minWidth: 200 }}
            />
            <Button type="submit" variant="default">
              Add tag
            </Button>
          </Group>
        </form>
      </Stack>
    </Paper>
  );
}
