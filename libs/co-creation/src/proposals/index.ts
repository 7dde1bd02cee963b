export * from './proposal.decider';
export * from './proposal.projection';
export * from './proposals.module';
export * from './proposal.commands';
export * from './proposal.queries';
export * from './proposal.rooms';
export { AgreementRefDto, DraftProposalDto, given } from './proposal.dto';
