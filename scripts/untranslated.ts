// Lists the words a person would see in web/src/**/*.tsx that do not go through t(): JSX text with
// letters, and string values of the props that are read or announced (label, placeholder, title,
// aria-label, description, …), each as file:line. A line that must stay as written (a brand, a
// code, a unit) carries `// i18n-ignore` (or `{/* i18n-ignore */}`) on it or on the line above.
// Exit status 1 when something is listed, so it can guard a test.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const PROPS = new Set([
  'label',
  'placeholder',
  'title',
  'aria-label',
  'description',
  'alt',
  'error',
  'message',
  'confirmLabel',
  'cancelLabel',
  'noRecordsText',
]);
const LETTERS = /\p{L}/u;
const IGNORE = 'i18n-ignore';

export interface Untranslated {
  file: string;
  line: number;
  text: string;
}

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return tsxFiles(p);
    return d.name.endsWith('.tsx') && !d.name.includes('.test.') ? [p] : [];
  });
}

/** A string literal (or a template without values) a person would read: it has letters. */
function literalText(node: ts.Node | undefined): string | null {
  if (!node) return null;
  if (ts.isJsxExpression(node)) return literalText(node.expression);
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return LETTERS.test(node.text) ? node.text : null;
  }
  if (ts.isTemplateExpression(node)) {
    const text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('…');
    return LETTERS.test(text) ? text : null;
  }
  if (ts.isConditionalExpression(node)) return literalText(node.whenTrue) ?? literalText(node.whenFalse);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
    return literalText(node.right);
  }
  return null;
}

export function findUntranslated(source: string, file: string): Untranslated[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const lines = source.split('\n');
  const ignored = (line: number) =>
    (lines[line - 1] ?? '').includes(IGNORE) || (lines[line - 2] ?? '').includes(IGNORE);
  const found: Untranslated[] = [];
  const add = (node: ts.Node, text: string) => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    if (!ignored(line)) found.push({ file, line, text: text.trim().replace(/\s+/g, ' ') });
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && LETTERS.test(node.text)) add(node, node.text);
    else if (
      ts.isJsxExpression(node) &&
      node.parent &&
      (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))
    ) {
      // {'Some words'} or {cond ? 'Yes' : 'No'} between tags.
      const text = literalText(node);
      if (text) add(node, text);
    } else if (ts.isJsxAttribute(node) && PROPS.has(node.name.getText(sf))) {
      const text = literalText(node.initializer);
      if (text) add(node, text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

export function untranslated(root: string): Untranslated[] {
  return tsxFiles(path.join(root, 'web/src')).flatMap((file) =>
    findUntranslated(readFileSync(file, 'utf8'), path.relative(root, file)),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const found = untranslated(root);
  for (const u of found) process.stdout.write(`${u.file}:${u.line}: ${u.text}\n`);
  process.stdout.write(
    found.length
      ? `${found.length} text(s) do not go through t() (mark a deliberate one with // ${IGNORE}).\n`
      : 'Every visible text goes through t().\n',
  );
  process.exit(found.length ? 1 : 0);
}
