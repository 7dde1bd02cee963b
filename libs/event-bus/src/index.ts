export * from './event-source';
export * from './kafka-config';

// The Kafka client loads only when a node is configured for Kafka, so an in-process node never loads kafkajs.
// The specifier names the emitted file: Node resolves import() as ESM.
export const loadKafka = () => import('./kafka.js');
