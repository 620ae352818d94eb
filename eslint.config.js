// Lint rules that protect architecture, not style. The important one keeps workflow code
// deterministic: files under workflows/ may import only workflow-safe modules.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', '.tools/**', 'dist/**', 'db/migrations/**', 'coverage/**'] },
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
              regex: '^(?!(@temporalio/(workflow|common)$|zod$|\\./|\\.\\./(domain|contract)/)).*',
              message:
                'Workflow code may import only @temporalio/workflow, @temporalio/common, zod, sibling workflow modules, contract/ and domain/ (pure, I/O-free). Activities are imported as types only.',
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
    // The Temporal contract (ids, task queue, inputs, messages, search attributes) is imported by
    // workflows, activities, control, the CLI and the stack alike, so it depends on nothing of theirs.
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!(@temporalio/(workflow|common)$|zod$|\\./|\\.\\./domain/)).*',
              message: 'contract/ may import only @temporalio/workflow, @temporalio/common, zod, sibling contract modules and domain/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Imports run down the layers only: nothing below the workflows and the CLI imports them.
    files: ['activities/**/*.ts', 'db/**/*.ts', 'domain/**/*.ts', 'clients/**/*.ts', 'entities/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(workflows|cli|stack|workers)/',
              message: 'Imports run down the layers: activities, db, domain, clients and entities never import workflows, cli, stack or workers (the shared Temporal contract is in contract/).',
              allowTypeImports: false,
            },
          ],
        },
      ],
    },
  },
  {
    // Pure logic: no I/O, no clients, no database. Unit-testable on its own.
    files: ['domain/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!(\\./|zod$|decimal\\.js$)).*',
              message: 'domain/ is pure logic: it may import only other domain modules, zod and decimal.js.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['domain/*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!(\\./|\\.\\./(?!\\.\\./)|zod$|decimal\\.js$)).*',
              message: 'domain/ is pure logic: it may import only other domain modules, zod and decimal.js.',
            },
          ],
        },
      ],
    },
  },
  {
    // Entity modules describe an entity and act only through the clients they are handed: they
    // import values from domain/ and each other, and only types from clients.
    files: ['entities/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!(\\./|\\.\\./domain/)).*',
              message: 'entities/ may import values only from domain/ and other entity modules (clients as types).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
