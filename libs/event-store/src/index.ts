export * from './event-store';
export * from './hash-chain';
export * from './ids';
export * from './sqlite/sqlite-event-store';
export * from './postgres/postgres-event-store';
