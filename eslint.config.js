// Lint, with the layering of docs/ARCHITECTURE.md enforced by import rules.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronBanned = {
  name: 'electron',
  message: 'Only src/main/electron and src/preload may import electron (docs/ARCHITECTURE.md).',
};
const coreEntryOnly = {
  group: ['**/core/**', '!**/core/index.js', '!**/core/lean.js'],
  message:
    'Fronts reach the core through src/main/core/index.ts (or lean.ts, for the fast paths) only (docs/ARCHITECTURE.md).',
};
const nodeBuiltins = {
  group: ['node:*'],
  message: 'src/shared and src/renderer run anywhere: no Node built-ins (docs/ARCHITECTURE.md).',
};

/** A layer's rule: the modules (`paths`) and the path patterns it may not import. */
function restrictImports(paths, patterns) {
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'migrations/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|test|describe)$/]",
          message: 'No focused tests.',
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrictImports(
      [electronBanned],
      [
        nodeBuiltins,
        {
          group: ['**/main/**', '**/renderer/**', '**/preload/**'],
          message: 'src/shared imports nothing of the other layers.',
        },
      ],
    ),
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: restrictImports(
      [electronBanned],
      [
        {
          group: ['**/electron/**', '**/cli/**', '**/renderer/**', '**/preload/**'],
          message: 'The core depends on no front (docs/ARCHITECTURE.md).',
        },
      ],
    ),
  },
  {
    // The facade only delegates: past 200 lines it is growing logic that belongs in a service.
    files: ['src/main/core/account-service.ts'],
    rules: { 'max-lines': ['error', { max: 200 }] },
  },
  {
    files: ['src/main/cli/**/*.ts'],
    rules: restrictImports(
      [electronBanned],
      [
        {
          group: ['**/electron/**', '**/renderer/**', '**/preload/**'],
          message: 'The CLI uses the core and shared only.',
        },
        coreEntryOnly,
      ],
    ),
  },
  {
    files: ['src/main/electron/**/*.ts'],
    ignores: ['src/main/electron/ipc.ts'],
    rules: restrictImports(
      [
        {
          name: 'electron',
          importNames: ['ipcMain'],
          message: 'Only src/main/electron/ipc.ts registers IPC handlers.',
        },
      ],
      [{ group: ['**/cli/**', '**/renderer/**'], message: 'The shell uses core and shared.' }, coreEntryOnly],
    ),
  },
  {
    files: ['src/main/ipc/**/*.ts'],
    rules: restrictImports(
      [electronBanned],
      [
        {
          group: ['**/cli/**', '**/electron/**', '**/renderer/**', '**/preload/**'],
          message: 'IPC handlers use core and shared.',
        },
        coreEntryOnly,
      ],
    ),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrictImports(
      [],
      [nodeBuiltins, { group: ['**/main/**', '**/renderer/**'], message: 'The preload uses shared only.' }],
    ),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrictImports(
      [electronBanned],
      [
        nodeBuiltins,
        {
          group: ['**/main/**', '**/preload/**'],
          message: 'The window talks to main only through window.signet.',
        },
      ],
    ),
  },
  {
    files: ['test/**/*.{ts,tsx,mjs}', 'scripts/**/*.{js,mjs}', 'bench/**/*.{ts,js}'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
