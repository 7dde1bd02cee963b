import { found, type ReadSide, t } from '@cocrea/platform';
import { WORKING_GROUPS, type WorkingGroupView } from './working-group.projection';

export const workingGroups = (read: ReadSide, planId?: string): WorkingGroupView[] =>
  read.models.find<WorkingGroupView>(WORKING_GROUPS, planId ? { planId } : {});

export const workingGroupById = (read: ReadSide, workingGroupId: string): WorkingGroupView =>
  found(read.models.get<WorkingGroupView>(WORKING_GROUPS, workingGroupId), t`working group`, workingGroupId);
