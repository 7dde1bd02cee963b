/**
 * The shape of the code, checked by `npm test` (test/architecture.spec.ts). A feature is one folder of
 * libs/co-creation/src, and its index.ts is the one door other code uses; the domain rules and the read side
 * are plain TypeScript, with Nest at the edge (controllers, modules, the gateway).
 */
const FEATURES = '^libs/co-creation/src/([^/]+)/';
/** Files that must read as plain functions and data: no Nest, no controller. */
const PURE = [
  '[.]decider[.]ts$',
  '[.]projection[.]ts$',
  '[.]rooms[.]ts$',
  '[.]results[.]ts$',
  '[.]commands[.]ts$',
  '[.]queries[.]ts$',
  '-schedule[.]ts$',
  '-thread[.]ts$',
  '^libs/audit/src/trace[.]ts$',
  '^libs/platform/src/domain/',
  '^libs/platform/src/live/',
];

module.exports = {
  forbidden: [
    {
      name: 'pure-files-import-no-nest',
      comment:
        'Deciders, projections, rooms, results, commands, queries, schedules and the trace are plain TypeScript: Nest stays at the edge.',
      severity: 'error',
      from: { path: PURE, pathNot: '[.]spec[.]ts$' },
      to: { path: ['^node_modules/@nestjs/', '[.]controller[.]ts$', '[.]module[.]ts$', '[.]gateway[.]ts$'] },
    },
    {
      name: 'features-meet-through-their-doors',
      comment: "A feature uses another feature only through that feature's index.ts, never a file inside it.",
      severity: 'error',
      from: { path: FEATURES },
      to: { path: '^libs/co-creation/src/[^/]+/', pathNot: ['^libs/co-creation/src/$1/', '^libs/co-creation/src/[^/]+/index[.]ts$'] },
    },
    {
      name: 'others-meet-features-through-their-doors',
      comment: 'The app, live, audit, scripts and tests reach a feature through its index.ts (or the co-creation registry).',
      severity: 'error',
      from: { pathNot: '^libs/co-creation/' },
      to: { path: '^libs/co-creation/src/[^/]+/', pathNot: '^libs/co-creation/src/[^/]+/index[.]ts$' },
    },
    {
      name: 'the-platform-knows-no-feature',
      comment: 'The platform, the event store and the bus serve every feature and name none; live is a registry fed by the features.',
      severity: 'error',
      from: { path: '^libs/(platform|event-store|event-bus|live)/' },
      to: { path: '^libs/(co-creation|audit)/' },
    },
    {
      name: 'the-web-app-talks-to-the-server-over-http',
      comment: 'The web app reaches the server through the generated API client and /live, never by importing its code.',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^(libs|apps/api|scripts)/' },
    },
    {
      name: 'no-circular',
      comment: 'Modules that import each other cannot be read, or loaded, one at a time.',
      severity: 'error',
      from: { pathNot: '[.]spec[.]ts$' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Built output, and the API client generated from the OpenAPI document (npm run build:client).
    exclude: { path: ['(^|/)dist/', '^apps/web/src/api/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.json'],
    },
  },
};
