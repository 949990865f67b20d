// eslint over our own code: src/, webview/, test/, scripts/, bench/. typescript-eslint's
// recommended rules checked with types (the three tsconfig files `npm run typecheck` compiles), and
// no-constant-binary-expression (a condition such as `(x || true)` that is always true).
// The corpora and examples are code as people write it, misuse included: not ours to lint.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// What Node gives a script: the .mjs files are linted without types, so no-undef needs the list.
const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
  ].map((n) => [n, 'readonly']),
);

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      'test-results/**',
      '.vscode-test/**',
      'examples/**',
      'test/gradcheck-corpus/**',
      'test/lint-corpus/**',
      'test/fixtures/real-losses/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './webview/tsconfig.json', './test/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-constant-binary-expression': 'error',
      // tsc's own convention (noUnusedParameters): a leading underscore says "unused on purpose",
      // as does a name left out of a rest pattern ({ compute: _, ...info }).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // An async function without await is how this code implements a promise-returning contract
      // (a CLI command's run, VS Code's deserializeWebviewPanel, a test's fake worker or fetch): its
      // throws become rejections, as the contract's callers expect. Every finding was of that kind.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: nodeGlobals },
  },
);
