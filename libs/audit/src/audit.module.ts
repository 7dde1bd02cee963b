import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';

/** Audit and replay: the log as recorded. Verification, time travel and traces join here. */
@Module({ controllers: [AuditController] })
export class AuditModule {}
