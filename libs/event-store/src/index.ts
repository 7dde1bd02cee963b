export * from './event-store';
export * from './hash-chain';
export * from './ids';
export type { CommitObserver } from './group-commit';
export { readAhead } from './read-ahead';
export * from './sqlite/sqlite-event-store';

// The server adapters load only when a node is configured for them, so an embedded node never loads
// the pg or EventStoreDB clients. The specifiers name the emitted files: Node resolves import() as ESM.
export const loadPostgresAdapter = () => import('./postgres/postgres-event-store.js');
export const loadEventStoreDbAdapter = () => import('./eventstoredb/eventstoredb-event-store.js');
