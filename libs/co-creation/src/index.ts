export * from './co-creation.module';
export * from './features';
export * from './projections';
