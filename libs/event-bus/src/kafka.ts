export * from './kafka-check';
export * from './kafka-feed';
export * from './kafka-relay';
