export * from './event-source';
export * from './kafka-config';
export * from './kafka-feed';
export * from './kafka-relay';
export * from './kafka-check';
