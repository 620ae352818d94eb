// Lint rules that protect architecture, not style. The important one keeps workflow code
// deterministic: files under workflows/ may import only workflow-safe modules.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', '.tools/**', 'dist/**', 'db/migrations/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!(@temporalio/(workflow|common)$|zod$|\\./|\\.\\./domain/)).*',
              message:
                'Workflow code may import only @temporalio/workflow, @temporalio/common, zod, sibling workflow modules and domain/ (pure, I/O-free). Activities are imported as types only.',
              allowTypeImports: true,
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'No I/O in workflows: call an activity.' },
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop from @temporalio/workflow.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Non-deterministic: use an activity or uuid4() from @temporalio/workflow.' },
      ],
    },
  },
  {
    // Pure logic: no I/O, no clients, no database. Unit-testable on its own.
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!(\\./|\\.\\./entities\\.js$|\\.\\./normalize\\.js$|zod$|decimal\\.js$)).*',
              message: 'domain/ is pure logic: it may import only other domain modules, zod and decimal.js.',
            },
          ],
        },
      ],
    },
  },
);
