import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { configs as litConfigs } from 'eslint-plugin-lit';
import { configs as wcConfigs } from 'eslint-plugin-wc';
import globals from 'globals';

/**
 * Layering (CONTRIBUTING.md, "Layering"): which folder may import which. Every block repeats the
 * project-wide paths, because a later `no-restricted-imports` replaces an earlier one.
 */
const noUnsafeHtml = { name: 'lit/directives/unsafe-html.js', message: 'No unsafeHTML with data.' };
const restrictImports = (...patterns) => ({
  'no-restricted-imports': ['error', { paths: [noUnsafeHtml], patterns }],
});
const noUi = {
  group: ['**/elements/**', '**/inbox/**', '**/isolation/**'],
  message: 'DOM-free layers never import the elements, the inbox or the isolation frame.',
};
const noLit = {
  group: ['lit', 'lit/**', '@lit/**', '**/locale.js', '**/localization.js'],
  message: 'No Lit and no page-wide locale here: this layer runs without a DOM.',
};
const noContent = {
  group: ['**/content/**'],
  message: 'Texts (src/content) are msg() calls: take them as input instead.',
};
const publicEntries =
  '(index|define|bundle|protocol|localization)\\.[jt]s$' +
  '|(schema|fhir|server|inbox)/index\\.[jt]s$|inbox/define\\.[jt]s$' +
  '|elements/second-opinion-[a-z]+\\.[jt]s$|generated/locales/';
const layers = [
  {
    // The payload contract: zod and itself, nothing else.
    files: ['src/schema/**/*.ts'],
    rules: restrictImports({
      regex: '^(?!zod(/|$)|\\./)',
      message: 'src/schema imports nothing but zod/mini and its own modules.',
    }),
  },
  { files: ['src/submit/**/*.ts'], rules: restrictImports(noUi, noLit, noContent) },
  {
    files: ['src/content/**/*.ts'],
    rules: {
      ...restrictImports(noUi, {
        group: ['**/submit/**', '**/server/**'],
        message: 'src/content names things; what it shares with src/submit lives in src/schema.',
      }),
      // The FHIR texts' shape is src/fhir's (its input): a type import is erased, loads nothing.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/fhir/**'],
              allowTypeImports: true,
              message: 'src/content may name src/fhir types, never load its code.',
            },
          ],
        },
      ],
    },
  },
  { files: ['src/fhir/**/*.ts'], rules: restrictImports(noUi, noLit, noContent) },
  { files: ['src/server/**/*.ts'], rules: restrictImports(noUi, noLit, noContent) },
  {
    // The demo uses the package as an embedder would: through its public entries only.
    files: ['demo/**/*.ts'],
    rules: restrictImports({
      regex: `^(\\.\\./)+src/(?!${publicEntries})`,
      message:
        "The demo imports src/ only through the package's public entries (package.json exports).",
    }),
  },
];

/** node:test's describe/it/hooks return promises the runner awaits itself. */
const NODE_TEST_CALLS = {
  from: 'package',
  package: 'node:test',
  name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'src/generated', '.data', '.tmp'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // recommendedTypeChecked = recommended (above, every file) + the type-aware rules, on TS files.
  ...tseslint.configs.recommendedTypeCheckedOnly.map((config) => ({
    ...config,
    files: ['**/*.ts'],
  })),
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Lit calls a template's listeners with the element as `this`, and the views receive their
      // handlers to put in templates: an "unbound" method is bound by Lit, so the rule only misleads.
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [NODE_TEST_CALLS],
        },
      ],
    },
  },
  litConfigs['flat/recommended'],
  wcConfigs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='innerHTML']",
          message: 'No innerHTML: render text with Lit templates.',
        },
        { selector: "CallExpression[callee.name='eval']", message: 'No eval.' },
        { selector: "NewExpression[callee.name='Function']", message: 'No new Function.' },
      ],
      'no-restricted-imports': ['error', { paths: [noUnsafeHtml] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...layers,
  {
    // Chai assertions such as `expect(x).to.be.true` are expressions by design.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      // @open-wc/semantic-dom-diff types every chai `equal` as returning a Promise, which it is
      // not; `accessible()`, which is, stays checked.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: 'Equal', package: 'chai' },
            NODE_TEST_CALLS,
          ],
        },
      ],
    },
  },
  {
    // The end-to-end apps are type-checked by their own frameworks' tools, not by tsconfig.json.
    files: ['test/e2e/**/*.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
);
