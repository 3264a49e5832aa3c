// typescript-eslint with type information; workflows/ may import only @temporalio/workflow,
// @temporalio/common, domain/ and other workflow modules (the workflow sandbox must stay deterministic).
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tools/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'workflows and domain code run in the deterministic sandbox: no Node built-ins' })),
          patterns: [
            { regex: '^(\\.\\./)+(api|worker|common|scripts|activities|register)(/|$)', message: 'workflows/ may import @temporalio/workflow, domain/ and workflow modules only (the activity interface is in the contract)' },
            { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', 'nodemailer', 'express', 'pino*'], message: 'not in the workflow sandbox' },
          ],
        },
      ],
    },
  },
  {
    // zod in the workflow bundle is evaluated again in every cached workflow (≈ 1.7 MiB each):
    // workflows import the zod-free halves of domain/ (calendar, sek, rules, planChecks), and only
    // types from the modules that hold schemas. test/unit/workflowBundle.test.ts checks the bundle.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: 'no zod in workflows (validate in the API)', allowTypeImports: true }],
          patterns: [
            {
              group: ['plan', 'validatePlan', 'dates', 'money', 'allocation'].map((m) => `**/domain/${m}`),
              message: 'this module holds zod schemas: import types only, or use domain/calendar, domain/sek, domain/planChecks',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'domain/ is pure: no Node built-ins' })),
          patterns: [
            {
              group: ['**/api', '**/api/**', '**/workflows', '**/workflows/**', '**/activities', '**/activities/**', '**/worker', '**/worker/**', '**/common', '**/common/**', '**/scripts/**', '@temporalio/*'],
              message: 'domain/ imports nothing of the project outside domain/',
            },
          ],
        },
      ],
    },
  },
);
