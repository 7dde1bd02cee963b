import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@cocrea/platform';
import { AUDIT_KEY, loadAuditKey } from './audit-key';
import { AuditController } from './audit.controller';
import { SigningKeys } from './signing-keys';
import { CheckpointSigner } from './checkpoint-signer';
import { OpenDataController } from './open-data.controller';
import { TraceController } from './trace.controller';
import { VerificationController } from './verification.controller';

/** Audit and replay: the log as recorded. Verification, time travel and traces join here. */
@Module({
  controllers: [AuditController, VerificationController, TraceController, OpenDataController],
  // Loaded (or created) at boot, so the key exists from the first start on, before any checkpoint is asked for.
  providers: [
    { provide: AUDIT_KEY, useFactory: (config: AppConfig) => loadAuditKey(config), inject: [APP_CONFIG] },
    SigningKeys,
    CheckpointSigner,
  ],
})
export class AuditModule {}
