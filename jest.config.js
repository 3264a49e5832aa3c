/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Workflow and end-to-end tests start real servers; give them room on a 2-core machine.
  testTimeout: 120000,
  watchPathIgnorePatterns: ['<rootDir>/data', '<rootDir>/.tools'],
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/.tools', '<rootDir>/data'],
};
