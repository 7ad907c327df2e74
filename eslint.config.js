// ESLint for the whole tree: typescript-eslint (typed), React hooks, import hygiene, and a flag on
// long functions. Formatting is Prettier's job (`npm run format`), so no stylistic rules here.
// typescript-eslint needs TypeScript's JavaScript API, which TypeScript 7 no longer ships: the
// `typescript` package is aliased to @typescript/typescript6 for it, and `tsc` is TypeScript 7
// (@typescript/native), as the TypeScript 7 announcement describes for running both side by side.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'out/', 'release/', 'coverage/', '.demo/', '.bench/', '.tmp/', 'tracer/dist/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node, ...globals.browser },
    },
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    rules: {
      // The classic hook rules. react-hooks 7's preset adds the React Compiler's rules (no ref
      // reads during render, no setState in effects…); the app is not compiled by it, and the grid
      // keeps refs to stay off React's render path during a 2,000 rows/s tail.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-useless-path-segments': 'error',
      'import-x/first': 'error',
      'import-x/no-mutable-exports': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Long functions are flagged, not failed: a warning points at what to split next.
      'max-lines-per-function': ['warn', { max: 80, skipBlankLines: true, skipComments: true }],
    },
    settings: { 'import-x/resolver-next': [importX.createNodeResolver?.() ?? []].flat() },
  },
  {
    // Issue 16: every grid in the UI is an AgGridReact (the design card's package), never the
    // vanilla createGrid; test/layering.test.ts checks the same without ESLint.
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'ag-grid-community',
              importNames: ['createGrid'],
              message: 'Draw grids with AgGridReact from ag-grid-react (issue 16).',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read JSON answers and assert their shape with expect(): the `any` from JSON.parse is
    // checked there, so the no-unsafe-* family (which guards product code paths) is off in test/.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Fakes implement async interfaces: `async` turns a throw into a rejection, as the real one does.
      '@typescript-eslint/require-await': 'off',
      // A describe() block is one long callback by nature; the flag is for product code.
      'max-lines-per-function': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
