// ESLint (flat config) with typescript-eslint's recommended rules. Formatting is Prettier's
// (.prettierrc.json): eslint-config-prettier turns off the stylistic rules that would disagree.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'coverage/', 'dist/', '.quenty/', '.quenty-test/', 'backups/', 'reports/', 'schema/', 'docs/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      // Deliberate: a CommonJS project that loads files whose path is known only at run time
      // (migrations, registry entries, seed generators) and defers heavy or ESM-only modules
      // (faker, viz) until they are used; tests load modules inside the test that needs them.
      '@typescript-eslint/no-require-imports': 'off',
      // Deliberate: terminal output is stripped of ANSI escapes (\x1b) and names and identifiers
      // are checked for control characters (\x00-\x1f) by regular expressions that name them.
      'no-control-regex': 'off',
      // Registries extended by module augmentation (FactsRegistry) are empty interfaces.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'always' }],
      // `_`-prefixed names are the ones a signature requires but the body does not use; a rest
      // sibling drops the properties it names (`const { ms, ...rest } = r`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Code is held to 160 columns by Prettier (printWidth, checked by `prettier --check`), which
      // never splits a comment: comments are held to 160 here. Strings, templates and regular
      // expressions stay whole (error messages, SQL and help texts are found by grep), imports and
      // URLs too; `code` is only a ceiling for what Prettier cannot wrap.
      'max-len': [
        'error',
        {
          code: 400,
          comments: 160,
          ignoreUrls: true,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignorePattern: '^\\s*(import|export) .* from ',
        },
      ],
    },
  },
  {
    // The seed world hands itself to the closures of each table's GenContext.
    files: ['src/seed/context.ts'],
    rules: { '@typescript-eslint/no-this-alias': 'off' },
  },
  {
    // Tests and benchmarks read untyped JSON and rows of pg.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plain CommonJS files (the bin script, the seed worker's loader, jest's config).
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
