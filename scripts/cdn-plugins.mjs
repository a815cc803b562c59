/**
 * Vite plugins for the script-tag build only: they shrink what a JavaScript minifier cannot see,
 * without changing what the widget does. The npm build does not use them (consumers' bundlers
 * see the source as written).
 *
 * - `minifyTemplates()`: the text inside Lit's `css` and `html` tagged templates.
 *   - `css`: each template's text goes through Lightning CSS (minify, no syntax lowering), with
 *     placeholders standing in for `${…}` values; a template it cannot parse is kept as written.
 *   - `html`: whitespace runs that contain a line break collapse to one space, as HTML renders
 *     them anyway. Nothing is removed between tags (inline elements keep their spacing), and a
 *     template with `<pre>`/`<textarea>` content is kept as written.
 * - `compactMessages(ids)`: @lit/localize message options. `desc` (translator notes, read only by
 *   `lit-localize extract`) is dropped from every `msg()` call, and each message id becomes its
 *   index (`'0'`, `'1'`, …) in the `msg()` calls, and in the locale modules
 *   (src/generated/locales/*.ts) whose `templates` become an array: @lit/localize looks a
 *   message up as `templates[id]`, which finds the same text in `[a, b]` under `'1'` as in
 *   `{ 'x.a': a, 'x.b': b }` under `'x.b'`, without an id per message in the file. An index no
 *   translation fills is a hole (`undefined`: the source text shows, as for a missing key). The
 *   staff inbox's messages (`inbox.*`) are dropped from the locale modules. Ids outside the map
 *   are left as they are; a locale module whose `templates` is not a plain
 *   object literal of `'id': message` keeps its object, with the short ids as keys.
 *
 * Both edit only string literals and template text found through TypeScript's parser;
 * expressions are copied byte for byte.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { transform as transformCss } from 'lightningcss';

const PLACEHOLDER = (index) => `--lit-expression-${index}--`;

/** Writes `text` back as the source of a template literal part. */
function escapeTemplate(text) {
  return text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

function templateParts(template) {
  return ts.isNoSubstitutionTemplateLiteral(template)
    ? [template]
    : [template.head, ...template.templateSpans.map((span) => span.literal)];
}

/** Source range of a part's text, without its delimiters (`, ${, }). */
function partRange(part, sourceFile) {
  const start = part.getStart(sourceFile) + 1;
  const end = part.getEnd() - (ts.isTemplateHead(part) || ts.isTemplateMiddle(part) ? 2 : 1);
  return [start, end];
}

function minifyCss(texts, file) {
  const joined = texts.reduce((all, text, index) => all + PLACEHOLDER(index - 1) + text);
  let code;
  try {
    code = transformCss({
      filename: file,
      code: Buffer.from(joined),
      minify: true,
    }).code.toString();
  } catch {
    return null;
  }
  const pieces = code.split(/--lit-expression-(\d+)--/);
  // Each placeholder must come back once, in order, or the template is left alone.
  const parts = pieces.filter((_, index) => index % 2 === 0);
  const order = pieces.filter((_, index) => index % 2 === 1).map(Number);
  if (parts.length !== texts.length || order.some((value, index) => value !== index)) return null;
  return parts;
}

function minifyHtml(texts) {
  if (texts.some((text) => /<(pre|textarea)\b[^>]*>[^<]*\S/i.test(text))) return null;
  return texts.map((text) => text.replace(/[ \t]*\n\s*/g, ' '));
}

/** Applies non-overlapping `{ start, end, text }` edits to `source`. */
function applyEdits(source, edits) {
  let code = source;
  for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) {
    code = code.slice(0, start) + text + code.slice(end);
  }
  return code;
}

const isSource = (id) => /\/src\/.*\.ts$/.test(id) && !id.includes('/node_modules/');

export function minifyTemplates() {
  return {
    name: 'second-opinion-intake:minify-templates',
    enforce: 'pre',
    transform(source, id) {
      if (!isSource(id) || !/\b(css|html)`/.test(source)) return null;
      const sourceFile = ts.createSourceFile(id, source, ts.ScriptTarget.Latest, true);
      const edits = [];
      const visit = (node) => {
        if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag)) {
          const parts = templateParts(node.template);
          const texts = parts.map((part) => part.text);
          const minified =
            node.tag.text === 'css'
              ? minifyCss(texts, id)
              : node.tag.text === 'html'
                ? minifyHtml(texts)
                : null;
          if (minified) {
            parts.forEach((part, index) => {
              const [start, end] = partRange(part, sourceFile);
              edits.push({ start, end, text: escapeTemplate(minified[index]) });
            });
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(sourceFile);
      return edits.length ? { code: applyEdits(source, edits), map: null } : null;
    },
  };
}

/**
 * Messages of code the script tag never carries: the staff inbox (src/inbox) shares the locale
 * files with the widget, but its texts must not weigh on a patient's download. The script tag's
 * locale files leave them out (`compactMessages` drops every id the map lacks).
 */
const NOT_IN_SCRIPT_TAG = /^inbox\./;

/**
 * Short ids for every message a locale module translates: `'0'`, `'1'`, … (array indices) in the
 * sorted order of the ids, so the same sources always give the same files, and messages of one
 * area (`documents.*`, `faq.*`, …) stay side by side, which gzip rewards.
 */
export function messageIdMap(root) {
  const dir = join(root, 'src/generated/locales');
  const ids = new Set();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
    const sourceFile = ts.createSourceFile(
      file,
      readFileSync(join(dir, file), 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    for (const [id] of localeEntries(sourceFile).entries) {
      if (!NOT_IN_SCRIPT_TAG.test(id)) ids.add(id);
    }
  }
  return new Map([...ids].sort().map((id, index) => [id, String(index)]));
}

/** The object literal of `export const templates = { … }`, if the module has one. */
function templatesLiteral(sourceFile) {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (declaration.name.getText(sourceFile) !== 'templates') continue;
      const init = declaration.initializer;
      if (init && ts.isObjectLiteralExpression(init)) return init;
    }
  }
  return undefined;
}

/**
 * `{ entries, plain }`: `[id, nameNode, valueNode]` for each `'id': value` of the templates, and
 * whether the literal holds nothing else.
 */
function localeEntries(sourceFile) {
  const literal = templatesLiteral(sourceFile);
  const entries = [];
  let plain = Boolean(literal);
  for (const property of literal?.properties ?? []) {
    if (ts.isPropertyAssignment(property) && ts.isStringLiteral(property.name)) {
      entries.push([property.name.text, property.name, property.initializer]);
    } else {
      plain = false;
    }
  }
  return { entries, plain };
}

/** `templates` as an array indexed by the short ids; null when an id has none. */
function templatesArray(entries, ids, sourceFile) {
  const values = [];
  for (const [id, , value] of entries) {
    if (NOT_IN_SCRIPT_TAG.test(id)) continue;
    const index = ids.get(id);
    if (index === undefined || values[Number(index)] !== undefined) return null;
    values[Number(index)] = value.getText(sourceFile);
  }
  // Array.from turns holes into `undefined`, written as nothing between two commas.
  return `[\n${Array.from(values, (value) => value ?? '').join(',\n')}\n]`;
}

const isStringish = (node) => ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);

export function compactMessages(ids) {
  return {
    name: 'second-opinion-intake:compact-messages',
    enforce: 'pre',
    transform(source, id) {
      if (!isSource(id)) return null;
      const isLocale = /\/src\/generated\/locales\/[^/]+\.ts$/.test(id);
      if (!isLocale && !/\bmsg\(/.test(source)) return null;
      const sourceFile = ts.createSourceFile(id, source, ts.ScriptTarget.Latest, true);
      const edits = [];
      const rename = (node, name) => {
        const short = ids.get(name);
        if (short)
          edits.push({ start: node.getStart(sourceFile), end: node.getEnd(), text: `'${short}'` });
      };
      if (isLocale) {
        const { entries, plain } = localeEntries(sourceFile);
        const array = plain && entries.length ? templatesArray(entries, ids, sourceFile) : null;
        if (array) {
          const literal = templatesLiteral(sourceFile);
          edits.push({ start: literal.getStart(sourceFile), end: literal.getEnd(), text: array });
        } else {
          // Not an array: the same short ids as keys, so the `msg()` calls still find them.
          for (const [name, node] of entries) rename(node, name);
        }
      } else {
        const visit = (node) => {
          if (
            ts.isCallExpression(node) &&
            ts.isIdentifier(node.expression) &&
            node.expression.text === 'msg' &&
            node.arguments[1] &&
            ts.isObjectLiteralExpression(node.arguments[1])
          ) {
            const options = node.arguments[1];
            const kept = [];
            for (const property of options.properties) {
              const key =
                ts.isPropertyAssignment(property) && ts.isIdentifier(property.name)
                  ? property.name.text
                  : undefined;
              if (key === 'desc' && isStringish(property.initializer)) continue;
              if (key === 'id' && isStringish(property.initializer)) {
                const short = ids.get(property.initializer.text);
                kept.push(`id: ${JSON.stringify(short ?? property.initializer.text)}`);
                continue;
              }
              kept.push(property.getText(sourceFile));
            }
            edits.push({
              start: options.getStart(sourceFile),
              end: options.getEnd(),
              text: `{ ${kept.join(', ')} }`,
            });
            // The message itself may hold nested msg() calls in its expressions.
            ts.forEachChild(node.arguments[0], visit);
            return;
          }
          ts.forEachChild(node, visit);
        };
        visit(sourceFile);
      }
      return edits.length ? { code: applyEdits(source, edits), map: null } : null;
    },
  };
}
