// @nestjs/* 12 and jose ship ES modules; swc compiles them (and our TypeScript, with decorator metadata) to CommonJS for jest.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  },
];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e.ts'],
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|jose)/)'],
  moduleNameMapper: {
    // A dynamic import() names the emitted .js file (Node resolves it as ESM in the build); jest finds the .ts source.
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^@cocrea/(event-store|platform|co-creation|audit|live|event-bus)$': '<rootDir>/libs/$1/src',
    '^@cocrea/(event-store|platform|co-creation|audit|live|event-bus)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
