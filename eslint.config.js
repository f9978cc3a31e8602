// Lint rules, including the architecture's boundaries (ARCHITECTURE.md §2) and the ban on
// synchronous tensor readbacks, which return garbage and can destroy a WebGPU device (TECH.md §1.3.1).
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const syncReadbacks = ['dataSync', 'arraySync', 'bufferSync'].map((property) => ({
  property,
  message: 'Synchronous readbacks break WebGPU; use `await tensor.data()`.',
}));

export default ts.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-cli/',
      'test-results/',
      'playwright-report/',
      'datasets/generated/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      'no-restricted-properties': ['error', ...syncReadbacks],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // The UI never holds tensors: only types may come from the engine side.
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tensorflow/*'], message: 'The UI thread is tensor-free; talk to the engine worker.' },
            {
              group: ['**/workers/**'],
              allowTypeImports: true,
              message: 'Import engine types via src/contract.',
            },
          ],
        },
      ],
    },
  },
  {
    // The core is pure TypeScript: no DOM framework, no tfjs.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '@tensorflow/*',
            'svelte',
            'svelte/*',
            '**/components/**',
            '**/state/**',
            '**/workers/**',
          ],
        },
      ],
    },
  },
  {
    // The engine and the CLI never reach into the UI.
    files: ['workers/**/*.ts', 'cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/components/**', '**/state/**', 'svelte', 'svelte/*'] },
      ],
    },
  },
);
