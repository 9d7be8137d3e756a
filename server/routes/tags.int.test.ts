import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectInvalidFields } from '../testing/expect-error.ts';
import { seedAccount, startTestApp, type TestApp, type TestUser } from '../testing/harness.ts';

// PRODUCT.md §3: color-coded tag categories and their tags; only account admins manage them.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Skin Clinic');
  other = await seedAccount(t, 'Other Clinic');
});
afterAll(() => t?.close());

const send = (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: user.headers, payload });

async function newCategory(name: string, color = '#1e88e5', user = clinic.admin) {
  const res = await send(user, 'POST', '/api/tag-categories', { name, color });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string; color: string };
}
async function newTag(name: string, categoryId: string, user = clinic.admin) {
  const res = await send(user, 'POST', '/api/tags', { name, categoryId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string; categoryId: string; categoryName: string; color: string };
}

describe('tag categories', () => {
  it('creates a category with a name and a color, stored lower-case', async () => {
    const res = await send(clinic.admin, 'POST', '/api/tag-categories', {
      name: 'Diagnosis',
      color: '#E53935',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: expect.any(String), name: 'Diagnosis', color: '#e53935' });
  });

  it.each([
    ['red', 'a color name'],
    ['#12345', 'five digits'],
    ['#1234567', 'seven digits'],
    ['#gg0000', 'not hexadecimal'],
    ['1e88e5', 'no #'],
    ['', 'nothing'],
  ])('refuses the color %j (%s) with 422 naming color', async (color) => {
    expectInvalidFields(await send(clinic.admin, 'POST', '/api/tag-categories', { name: 'Bad', color }), [
      'color',
    ]);
  });

  it('refuses a missing or blank name with 422 naming name', async () => {
    expectInvalidFields(await send(clinic.admin, 'POST', '/api/tag-categories', { color: '#000000' }), [
      'name',
    ]);
    expectInvalidFields(
      await send(clinic.admin, 'POST', '/api/tag-categories', { name: '  ', color: '#000000' }),
      ['name'],
    );
  });

  it('refuses a duplicate name in the account, in any case, with 409 name_taken', async () => {
    await newCategory('Body area');
    expectError(
      await send(clinic.admin, 'POST', '/api/tag-categories', { name: 'Body area', color: '#000000' }),
      409,
      'name_taken',
    );
    expectError(
      await send(clinic.admin, 'POST', '/api/tag-categories', { name: 'BODY AREA', color: '#000000' }),
      409,
      'name_taken',
    );
  });

  it('allows the same category name in another account', async () => {
    await newCategory('Body area', '#43a047', other.admin);
  });

  it('lists the categories of the account by name', async () => {
    const res = await send(clinic.clinician, 'GET', '/api/tag-categories');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((c: { name: string }) => c.name)).toEqual(['Body area', 'Diagnosis']);
    expect(res.json().total).toBe(2);
  });

  it('renames and recolors a category; a taken name is 409, an unknown id 404', async () => {
    const c = await newCategory('Treatmnet', '#000000');
    const res = await send(clinic.admin, 'PATCH', `/api/tag-categories/${c.id}`, {
      name: 'Treatment',
      color: '#FFAA00',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: c.id, name: 'Treatment', color: '#ffaa00' });
    expectError(
      await send(clinic.admin, 'PATCH', `/api/tag-categories/${c.id}`, { name: 'Diagnosis' }),
      409,
      'name_taken',
    );
    expectInvalidFields(await send(clinic.admin, 'PATCH', `/api/tag-categories/${c.id}`, { color: 'blue' }), [
      'color',
    ]);
    expectError(
      await send(clinic.admin, 'PATCH', `/api/tag-categories/${randomUUID()}`, { name: 'X' }),
      404,
      'not_found',
    );
  });
});

describe('tags', () => {
  let diagnosis: { id: string };
  let area: { id: string };
  beforeAll(async () => {
    diagnosis = await newCategory('Conditions', '#8e24aa');
    area = await newCategory('Areas', '#00897b');
  });

  it('creates a tag in a category and answers its category name and color', async () => {
    const tag = await newTag('Acne', diagnosis.id);
    expect(tag).toEqual({
      id: expect.any(String),
      name: 'Acne',
      categoryId: diagnosis.id,
      categoryName: 'Conditions',
      color: '#8e24aa',
    });
  });

  it('refuses a duplicate tag name in the same category with 409 name_taken', async () => {
    expectError(
      await send(clinic.admin, 'POST', '/api/tags', { name: 'acne', categoryId: diagnosis.id }),
      409,
      'name_taken',
    );
  });

  it('allows the same tag name in another category', async () => {
    await newTag('Acne', area.id);
  });

  it("refuses an unknown category, or another account's, with 422 naming categoryId", async () => {
    const theirs = await newCategory('Their category', '#000000', other.admin);
    for (const categoryId of [randomUUID(), 'not-a-uuid', theirs.id]) {
      expectInvalidFields(await send(clinic.admin, 'POST', '/api/tags', { name: 'Lost', categoryId }), [
        'categoryId',
      ]);
    }
  });

  it('refuses a missing name or category with 422 naming them', async () => {
    expectInvalidFields(await send(clinic.admin, 'POST', '/api/tags', {}), ['name', 'categoryId']);
  });

  it('lists the tags of the account by category, then name', async () => {
    await newTag('Rosacea', diagnosis.id);
    await newTag('Face', area.id);
    const res = await send(clinic.assistant, 'GET', '/api/tags');
    expect(res.statusCode).toBe(200);
    const rows = res
      .json()
      .items.map((x: { categoryName: string; name: string }) => `${x.categoryName}/${x.name}`);
    expect(rows).toEqual(['Areas/Acne', 'Areas/Face', 'Conditions/Acne', 'Conditions/Rosacea']);
  });

  it('renames a tag and moves it to another category', async () => {
    const tag = await newTag('Eczme', diagnosis.id);
    const renamed = await send(clinic.admin, 'PATCH', `/api/tags/${tag.id}`, { name: 'Eczema' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Eczema', categoryId: diagnosis.id });
    const moved = await send(clinic.admin, 'PATCH', `/api/tags/${tag.id}`, { categoryId: area.id });
    expect(moved.json()).toMatchObject({ name: 'Eczema', categoryId: area.id, categoryName: 'Areas' });
  });

  it('deletes a tag with 204; it leaves the list, and a second delete is 404', async () => {
    const tag = await newTag('Temporary', diagnosis.id);
    expect((await send(clinic.admin, 'DELETE', `/api/tags/${tag.id}`)).statusCode).toBe(204);
    const names = (await send(clinic.admin, 'GET', '/api/tags'))
      .json()
      .items.map((x: { id: string }) => x.id);
    expect(names).not.toContain(tag.id);
    expectError(await send(clinic.admin, 'DELETE', `/api/tags/${tag.id}`), 404, 'not_found');
    expectError(await send(clinic.admin, 'DELETE', '/api/tags/not-a-uuid'), 404, 'not_found');
  });
});

describe('tag lists: alphabetical whatever the case', () => {
  it('sorts categories, and tags within a category, ignoring upper and lower case', async () => {
    const third = await seedAccount(t, 'Third Clinic');
    const skin = await newCategory('Skin type', '#000000', third.admin);
    await newCategory('areas', '#000000', third.admin);
    await newCategory('zones', '#000000', third.admin);
    for (const name of ['oily', 'dry', 'Mixed']) await newTag(name, skin.id, third.admin);
    const cats = (await send(third.clinician, 'GET', '/api/tag-categories')).json().items;
    expect(cats.map((c: { name: string }) => c.name)).toEqual(['areas', 'Skin type', 'zones']);
    const names = (await send(third.clinician, 'GET', '/api/tags')).json().items;
    expect(names.map((x: { name: string }) => x.name)).toEqual(['dry', 'Mixed', 'oily']);
  });
});

describe('tags: who may manage them', () => {
  let category: { id: string };
  let tag: { id: string };
  beforeAll(async () => {
    category = await newCategory('Managed', '#3949ab');
    tag = await newTag('Kept', category.id);
  });

  it.each(['clinician', 'assistant'] as const)(
    'refuses a %s creating, changing or deleting with 403',
    async (role) => {
      const user = clinic[role];
      expectError(
        await send(user, 'POST', '/api/tags', { name: 'Mine', categoryId: category.id }),
        403,
        'forbidden',
      );
      expectError(
        await send(user, 'POST', '/api/tag-categories', { name: 'Mine', color: '#000000' }),
        403,
        'forbidden',
      );
      expectError(
        await send(user, 'PATCH', `/api/tag-categories/${category.id}`, { name: 'Mine' }),
        403,
        'forbidden',
      );
      expectError(await send(user, 'PATCH', `/api/tags/${tag.id}`, { name: 'Mine' }), 403, 'forbidden');
      expectError(await send(user, 'DELETE', `/api/tags/${tag.id}`), 403, 'forbidden');
      const names = (await send(clinic.admin, 'GET', '/api/tags'))
        .json()
        .items.map((x: { name: string }) => x.name);
      expect(names).toContain('Kept');
      expect(names).not.toContain('Mine');
    },
  );

  it.each(['clinician', 'assistant', 'admin'] as const)(
    'lets a %s read categories and tags',
    async (role) => {
      expect((await send(clinic[role], 'GET', '/api/tag-categories')).statusCode).toBe(200);
      expect((await send(clinic[role], 'GET', '/api/tags')).statusCode).toBe(200);
    },
  );
});
