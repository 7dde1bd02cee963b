export * from './co-creation.module';
export * from './projections';
