import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The web app's own translations (web/src/i18n/<language>/<namespace>.json), read by the browser
// tests: a control is found by its French name through the English one the other specs use, and
// the English words of the UI are known, to check that none is left on a French page.

const dir = fileURLToPath(new URL('../web/src/i18n/', import.meta.url));
type Texts = Map<string, string>;

function flatten(value: unknown, prefix: string, into: Texts) {
  if (typeof value === 'string') into.set(prefix, value);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
}

function texts(language: string): Texts {
  const into: Texts = new Map();
  for (const file of readdirSync(path.join(dir, language)).filter((f) => f.endsWith('.json'))) {
    const namespace = file.replace(/\.json$/, '');
    flatten(JSON.parse(readFileSync(path.join(dir, language, file), 'utf8')), `${namespace}:`, into);
  }
  return into;
}

const en = texts('en');
const frTexts = texts('fr');
const PLACEHOLDER = /\{\{\s*[\w.]+\s*\}\}/g;
const shape = (s: string) => s.replace(PLACEHOLDER, '{{}}');

/**
 * The French of an English text of the UI, its placeholders filled in order:
 * `fr('In workspace: {{name}}', 'before.jpg')`. Fails, naming the text, while it has no translation.
 */
export function fr(english: string, ...values: string[]): string {
  for (const [key, value] of en) {
    if (shape(value) !== shape(english)) continue;
    const french = frTexts.get(key);
    if (!french) continue;
    const names = [...value.matchAll(PLACEHOLDER)].map((m) => m[0].replace(/[{}\s]/g, ''));
    return french.replace(PLACEHOLDER, (m) => values[names.indexOf(m.replace(/[{}\s]/g, ''))] ?? m);
  }
  throw new Error(`No French translation of "${english}" in web/src/i18n (is that page translated yet?)`);
}

/** The same, as a pattern: placeholders match any text (a heading with a date in it). */
export function frPattern(english: string): RegExp {
  const french = fr(english);
  const parts = french.split(PLACEHOLDER).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+')}$`);
}

const words = (text: string) =>
  (
    text
      .replace(PLACEHOLDER, ' ')
      .replace(/<[^>]*>/g, ' ')
      .match(/\p{L}{3,}/gu) ?? []
  ).map((w) => w.toLowerCase());

// Words of the English UI that French does not use itself ("Notes", "Photo", "Date", "Patient"
// are in both, and never count).
const frenchWords = new Set([...frTexts.values()].flatMap(words));
const englishOnly = new Set([...en.values()].flatMap(words).filter((w) => !frenchWords.has(w)));

/** The English UI words in a page's visible text; `data` are the words the test itself typed. */
export function englishLeft(visibleText: string, data: string[] = []): string[] {
  const allowed = new Set(data.flatMap(words));
  // E-mail addresses (who deleted, who is signed in) are data, never words of the app.
  const text = visibleText.replace(/\S+@\S+/g, ' ');
  return [...new Set(words(text).filter((w) => englishOnly.has(w) && !allowed.has(w)))].sort();
}
