export * from './read-models';
export { READ_MODELS_LAYOUT } from './read-model-file';
export * from './serving-read-models';
export * from './rebuild-read-models';
