import type { WorkingGroupMemberView, WorkingGroupView } from './working-group.projection';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { CreatedViewDto, LowerCase, t } from '@cocrea/platform';
import { MEMBER_ROLES, MemberRole } from './working-group.decider';

/** User ids are the `sub` claim of a token: any 1-200 visible characters. */
export const USER_ID = /^[^\s/?#]{1,200}$/;

export class FormWorkingGroupDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  @LowerCase()
  planId!: string;

  @ApiProperty({ example: 'Mesa de transparencia y acceso a la información' })
  @IsString()
  @Length(1, 300)
  name!: string;

  @ApiProperty({ example: 'transparency', description: "one of the plan's themes" })
  @IsString()
  @Length(1, 200)
  theme!: string;
}

export class AddMemberDto {
  @ApiProperty({ example: 'ana', description: "the `sub` of the member's token" })
  @IsString()
  @Matches(USER_ID, { message: String(t`userId must be 1-200 characters without spaces, "/", "?" or "#"`) })
  userId!: string;

  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES)
  role!: MemberRole;
}

export class ListWorkingGroupsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  @LowerCase()
  planId?: string;
}

export class WorkingGroupMemberDto implements WorkingGroupMemberView {
  @ApiProperty({ description: "the `sub` of the member's token" })
  userId!: string;
  @ApiProperty({ enum: MEMBER_ROLES })
  role!: MemberRole;
  @ApiProperty({ format: 'date-time', description: 'when the user joined the group (a role change keeps it)' })
  since!: string;
}

/** A working group as the API answers it. */
export class WorkingGroupViewDto extends CreatedViewDto implements WorkingGroupView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  planId!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty()
  theme!: string;
  @ApiProperty({ type: [WorkingGroupMemberDto] })
  members!: WorkingGroupMemberDto[];
}
