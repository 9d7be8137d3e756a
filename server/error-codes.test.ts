import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The web app shows every server error through its code (web/src/i18n/<language>/errors.json):
// each code the server can answer has a message in every language.

const root = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'testing' ? [] : sources(path);
    return d.name.endsWith('.ts') && !d.name.includes('.test.') ? [path] : [];
  });
}

// The ways a code is written: AppError(status, 'code', …), conflict('code', …), an answer's
// body('code', …), a rejection's { code: 'code', message }, an image refusal ImageRejected('code', …).
const PATTERNS = [
  /AppError\(\s*\d+,\s*'([a-z_]+)'/g,
  /\bconflict\(\s*'([a-z_]+)'/g,
  /\bbody\('([a-z_]+)'/g,
  /\bcode:\s*'([a-z_]+)',\s*message/g,
  /ImageRejected\(\s*'([a-z_]+)'/g,
];

function serverCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of sources(join(root, 'server'))) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of PATTERNS) for (const m of text.matchAll(pattern)) codes.add(m[1] as string);
  }
  return codes;
}

const messages = (language: string) =>
  JSON.parse(readFileSync(join(root, 'web/src/i18n', language, 'errors.json'), 'utf8')) as Record<
    string,
    string
  >;

describe('error messages of the web app', () => {
  const codes = serverCodes();

  it('finds the codes the server answers', () => {
    for (const code of ['not_found', 'invalid_input', 'unique_id_taken', 'legal_hold', 'corrupt_image'])
      expect(codes).toContain(code);
  });

  for (const language of ['en', 'fr']) {
    it(`has a message in ${language} for every code`, () => {
      const known = messages(language);
      expect([...codes].filter((c) => !known[c]).sort()).toEqual([]);
    });
  }

  it('says the same codes in both languages, the French ones translated', () => {
    const en = messages('en');
    const fr = messages('fr');
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const [code, text] of Object.entries(fr)) {
      expect(text, code).not.toBe(en[code]);
      expect(text, code).not.toContain('{{message}}');
    }
  });
});
