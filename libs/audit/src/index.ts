export * from './audit.module';
export * from './audit-key';
export * from './chain-verification';
export * from './log-export';
export * from './signed-checkpoint';
export * from './signing-keys';
export * from './checkpoint-signer';
export * from './messages.es';
