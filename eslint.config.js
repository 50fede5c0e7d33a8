// @ts-check
import tseslint from 'typescript-eslint';
import layout from './tools/layout/eslint-plugin.ts';

export default tseslint.config(
  { ignores: ['node_modules/', '.butterfly/', 'coverage/', 'reports/'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/utils', '**/utils/*', '**/helpers', '**/helpers/*'],
              message: 'Name modules after the domain.',
            },
          ],
        },
      ],
    },
  },
  {
    // The floors and areas of src/ (tools/layout/floors.ts); cycles and sizes: npm run floors.
    files: ['src/**/*.ts'],
    plugins: { layout },
    rules: { 'layout/floors': 'error' },
  },
  {
    files: ['**/*.test.ts', 'test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Answers are checked field by field with assert; typing every body would only restate them.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The console's browser modules are plain JS served as they are (no build step).
    files: ['bin/**/*.js', 'eslint.config.js', 'deploy/**/*.mjs', 'src/console/assets/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
