import { ok, people, type Response, type TestApp } from './app-harness';

/** What a command answers: the id it created or changed, that stream's revision after it, and its log position (for ?minPosition=). */
export interface Written {
  id: string;
  revision: number;
  position: number;
}
export interface WorkingGroup extends Written {
  planId: string;
}
export interface Proposal extends Written {
  planId: string;
  workingGroupId: string;
}
export interface Consultation extends Written {
  planId: string;
}
export interface Commitment extends Written {
  proposalId: string;
}
/** A milestone or a progress report: its own id, with the commitment's revision and position after it. */
export interface FollowUp extends Written {
  commitmentId: string;
}

export interface PlanBody {
  title: string;
  country: string;
  periodStart: string;
  periodEnd: string;
  themes: string[];
}
export interface WorkingGroupBody {
  name: string;
  theme: string;
}
export interface ProposalSections {
  problem: string;
  objective: string;
  description: string;
  baseline?: string;
  ambition?: string;
  milestones?: string;
}
export interface ProposalBody {
  title: string;
  leadEntity: string;
  branch: string;
  themes: string[];
  sections: ProposalSections;
}
export interface Rules {
  maxVotesPerParticipant: number;
  allowRetraction: boolean;
  tallyVisibility: string;
}
export interface ConsultationBody {
  title: string;
  rules: Rules;
  opensAt?: string;
  closesAt?: string;
}
export interface MilestoneBody {
  title: string;
  deliverable?: string;
  startDate: string;
  endDate: string;
}
export interface ProgressBody {
  milestoneId?: string;
  completion: string;
  note: string;
  evidenceUrl?: string;
}

/** Sections and rules are merged with the defaults: a test names only the ones it cares about. */
export type ProposalFields = Partial<Omit<ProposalBody, 'sections'>> & { sections?: Partial<ProposalSections> };
export type ConsultationFields = Partial<Omit<ConsultationBody, 'rules'>> & { rules?: Partial<Rules> };
export type ProposalChanges = Partial<Record<'title' | keyof ProposalSections, string>>;
export type MemberRole = 'member' | 'lead';
export type CommentTarget = 'proposal' | 'commitment' | 'consultation';

/** Whose token sends the command: the scenario's moderator unless told. */
interface By {
  by?: string;
}

/** Something the scenario returned, or the id a test holds. */
type Ref = string | { id: string };
const idOf = (ref: Ref): string => (typeof ref === 'string' ? ref : ref.id);

/** Valid bodies the API accepts today, with overrides: what the scenario sends, and what a test that sends a body itself starts from. */
export const bodies = {
  plan: (fields: Partial<PlanBody> = {}): PlanBody => ({
    title: 'III Plan',
    country: 'CO',
    periodStart: '2017-07-01',
    periodEnd: '2019-06-30',
    themes: ['transparency'],
    ...fields,
  }),

  workingGroup: (planId: string, fields: Partial<WorkingGroupBody> = {}) => ({
    planId,
    name: 'Mesa de transparencia',
    theme: 'transparency',
    ...fields,
  }),

  proposal: (planId: string, workingGroupId: string, { sections, ...fields }: ProposalFields = {}) => ({
    planId,
    workingGroupId,
    title: 'Open contracting',
    leadEntity: 'Colombia Compra Eficiente',
    branch: 'executive',
    themes: ['transparency'],
    ...fields,
    sections: { problem: 'Contracts are hard to find', objective: 'Publish them', description: 'Open contracting data', ...sections },
  }),

  consultation: (planId: string, proposalIds: string[], { rules, ...fields }: ConsultationFields = {}) => ({
    planId,
    title: 'Priorización',
    proposalIds,
    ...fields,
    rules: { maxVotesPerParticipant: 1, allowRetraction: true, tallyVisibility: 'live', ...rules },
  }),

  milestone: (fields: Partial<MilestoneBody> = {}): MilestoneBody => ({
    title: 'Publish tenders in OCDS',
    startDate: '2017-09-01',
    endDate: '2018-06-30',
    ...fields,
  }),

  progress: (fields: Partial<ProgressBody> = {}): ProgressBody => ({ completion: 'substantial', note: 'On track', ...fields }),

  meeting: (planId: string, fields: Record<string, unknown> = {}) => ({
    planId,
    kind: 'technical-table',
    title: 'Mesa técnica de contratación abierta',
    startsAt: '2027-03-10T14:00:00-05:00',
    endsAt: '2027-03-10T17:00:00-05:00',
    place: 'Bogotá, salón 3',
    invited: { entities: ['Colombia Compra Eficiente'], organisations: ['Transparencia por Colombia'] },
    agenda: [
      { title: 'Bienvenida', minutes: 10 },
      { title: 'Línea base', minutes: 45 },
      { title: 'Acuerdos', minutes: 30 },
    ],
    ...fields,
  }),
};

/**
 * Sets up plans, working groups, proposals, consultations, ballots, commitments and comments through the HTTP
 * API, as the moderator unless a step is told `by` whom. Each step expects its own status, so a refused set-up
 * fails there with the response body, and answers what the command answered (id, revision, position).
 */
export class Scenario {
  constructor(
    readonly app: TestApp,
    readonly moderator: string = people.moderator,
  ) {}

  async plan({ by = this.moderator, ...fields }: Partial<PlanBody> & By = {}): Promise<Written> {
    return ok(await this.app.post('/api/plans', by, bodies.plan(fields)), 201);
  }

  async phase(plan: Ref, phase: string, { by = this.moderator, reason }: By & { reason?: string } = {}): Promise<Written> {
    return ok(await this.app.post(`/api/plans/${idOf(plan)}/phase`, by, { phase, reason }));
  }

  /** A working group of the plan, with `members` added in the order written: `{ ana: 'member', beto: 'lead' }`. */
  async workingGroup(
    plan: Ref,
    { by = this.moderator, members = {}, ...fields }: Partial<WorkingGroupBody> & By & { members?: Record<string, MemberRole> } = {},
  ): Promise<WorkingGroup> {
    const planId = idOf(plan);
    let group: WorkingGroup = { ...ok(await this.app.post('/api/working-groups', by, bodies.workingGroup(planId, fields)), 201), planId };
    for (const [userId, role] of Object.entries(members)) group = await this.member(group, userId, role, { by });
    return group;
  }

  async member<G extends { id: string }>(
    group: G,
    userId: string,
    role: MemberRole = 'member',
    { by = this.moderator }: By = {},
  ): Promise<G & Written> {
    return this.moved(group, await this.app.post(`/api/working-groups/${group.id}/members`, by, { userId, role }));
  }

  /** A proposal of the group, drafted `by` someone (a member, or the moderator), then submitted by them and accepted if asked. */
  async proposal(
    group: Pick<WorkingGroup, 'id' | 'planId'>,
    {
      by = this.moderator,
      submitted = false,
      accepted = false,
      ...fields
    }: ProposalFields & By & { submitted?: boolean; accepted?: boolean } = {},
  ): Promise<Proposal> {
    const drafted = ok(await this.app.post('/api/proposals', by, bodies.proposal(group.planId, group.id, fields)), 201);
    let proposal: Proposal = { ...drafted, planId: group.planId, workingGroupId: group.id };
    if (submitted || accepted) proposal = await this.submit(proposal, { by });
    if (accepted) proposal = await this.accept(proposal);
    return proposal;
  }

  /** Edits the title or sections on `expectedRevision`, the proposal's own revision unless told. */
  async edit<P extends Written>(
    proposal: P,
    changes: ProposalChanges,
    { by = this.moderator, expectedRevision = proposal.revision }: By & { expectedRevision?: number } = {},
  ): Promise<P> {
    return this.moved(proposal, await this.app.patch(`/api/proposals/${proposal.id}`, by, { expectedRevision, changes }));
  }

  async submit<P extends { id: string }>(proposal: P, { by = this.moderator }: By = {}): Promise<P & Written> {
    return this.moved(proposal, await this.app.post(`/api/proposals/${proposal.id}/submit`, by));
  }

  async withdraw<P extends { id: string }>(
    proposal: P,
    { by = this.moderator, reason }: By & { reason?: string } = {},
  ): Promise<P & Written> {
    return this.moved(proposal, await this.app.post(`/api/proposals/${proposal.id}/withdraw`, by, { reason }));
  }

  async accept<P extends { id: string }>(
    proposal: P,
    { by = this.moderator, reason = 'prioritised in the consultation' }: By & { reason?: string } = {},
  ): Promise<P & Written> {
    return this.moved(proposal, await this.app.post(`/api/proposals/${proposal.id}/accept`, by, { reason }));
  }

  async reject<P extends { id: string }>(
    proposal: P,
    { by = this.moderator, reason }: By & { reason?: string } = {},
  ): Promise<P & Written> {
    return this.moved(proposal, await this.app.post(`/api/proposals/${proposal.id}/reject`, by, { reason }));
  }

  /** A consultation of the plan on these submitted proposals, scheduled and, if asked, opened. */
  async consultation(
    plan: Ref,
    proposals: Ref[],
    { by = this.moderator, open = false, ...fields }: ConsultationFields & By & { open?: boolean } = {},
  ): Promise<Consultation> {
    const planId = idOf(plan);
    const body = bodies.consultation(planId, proposals.map(idOf), fields);
    const consultation: Consultation = { ...ok(await this.app.post('/api/consultations', by, body), 201), planId };
    return open ? this.open(consultation, { by }) : consultation;
  }

  async open<C extends { id: string }>(consultation: C, { by = this.moderator }: By = {}): Promise<C & Written> {
    return this.moved(consultation, await this.app.post(`/api/consultations/${consultation.id}/open`, by));
  }

  async pause<C extends { id: string }>(consultation: C, { by = this.moderator }: By = {}): Promise<C & Written> {
    return this.moved(consultation, await this.app.post(`/api/consultations/${consultation.id}/pause`, by));
  }

  async close<C extends { id: string }>(consultation: C, { by = this.moderator }: By = {}): Promise<C & Written> {
    return this.moved(consultation, await this.app.post(`/api/consultations/${consultation.id}/close`, by));
  }

  /** A participant's vote: answers their ballot (`<consultationId>.<participantId>`), its revision and position. */
  async vote(consultation: Ref, proposal: Ref, participant: string): Promise<Written> {
    return ok(await this.app.put(`/api/consultations/${idOf(consultation)}/votes/${idOf(proposal)}`, participant));
  }

  async retract(consultation: Ref, proposal: Ref, participant: string): Promise<Written> {
    return ok(await this.app.delete(`/api/consultations/${idOf(consultation)}/votes/${idOf(proposal)}`, participant));
  }

  /** Accepts the submitted proposal (the moderator does, with `reason`) unless it is `alreadyAccepted`, and adopts it `by` the moderator unless told. */
  async commitment(
    proposal: Ref,
    { by = this.moderator, reason, alreadyAccepted = false }: By & { reason?: string; alreadyAccepted?: boolean } = {},
  ): Promise<Commitment> {
    const proposalId = idOf(proposal);
    if (!alreadyAccepted) await this.accept({ id: proposalId }, { reason });
    return { ...ok(await this.app.post('/api/commitments', by, { proposalId }), 201), proposalId };
  }

  async milestone(commitment: Ref, { by = this.moderator, ...fields }: Partial<MilestoneBody> & By = {}): Promise<FollowUp> {
    return ok(await this.app.post(`/api/commitments/${idOf(commitment)}/milestones`, by, bodies.milestone(fields)), 201);
  }

  async progress(commitment: Ref, { by = this.moderator, ...fields }: Partial<ProgressBody> & By = {}): Promise<FollowUp> {
    return ok(await this.app.post(`/api/commitments/${idOf(commitment)}/progress`, by, bodies.progress(fields)), 201);
  }

  async comment(
    targetType: CommentTarget,
    target: Ref,
    body: string,
    { by = this.moderator, parent }: By & { parent?: Ref } = {},
  ): Promise<Written> {
    const comment = { targetType, targetId: idOf(target), body, ...(parent === undefined ? {} : { parentId: idOf(parent) }) };
    return ok(await this.app.post('/api/comments', by, comment), 201);
  }

  async hide(comment: Ref, reason = 'off topic', { by = this.moderator }: By = {}): Promise<Written> {
    return ok(await this.app.post(`/api/comments/${idOf(comment)}/hide`, by, { reason }));
  }

  /** A meeting of the plan (a technical table with a three-item agenda unless told), scheduled `by` the moderator unless told. */
  async meeting(plan: Ref, { by = this.moderator, ...fields }: By & Record<string, unknown> = {}): Promise<Written> {
    return ok(await this.app.post('/api/meetings', by, bodies.meeting(idOf(plan), fields)), 201);
  }

  /** The same thing at the revision and position a command on it answered (200). */
  private moved<T extends { id: string }>(thing: T, response: Response): T & Written {
    const { revision, position } = ok(response);
    return { ...thing, revision, position };
  }
}
