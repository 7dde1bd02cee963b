import { Module } from '@nestjs/common';
import { WorkingGroupsController } from './working-groups.controller';

@Module({ controllers: [WorkingGroupsController] })
export class WorkingGroupsModule {}
