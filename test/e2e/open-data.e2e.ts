import { TestApp, people } from '../support/app-harness';
import { Scenario } from '../support/scenario';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** A small RFC 4180 reader: quoted fields may hold commas, CR/LF and doubled quotes; records end in CRLF. */
const parseCsv = (text: string): string[][] => {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '"' && field === '') {
      // A quoted field runs to the next quote that is not doubled.
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error('unterminated quoted field');
        field += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          field += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`unexpected ${text[i]} after a quoted field at ${i}`);
    } else if (char === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      if (char === '"' || char === '\n' || char === '\r') throw new Error(`bare ${JSON.stringify(char)} in an unquoted field at ${i}`);
      field += char;
      i += 1;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('the last record does not end in CRLF');
  return records;
};

describe('open data exports of a plan', () => {
  let app: TestApp;
  let planId: string;
  let openContracting: string;
  let openBudgets: string;
  let milestones: string[];
  let lastPosition: number;

  const download = async (path: string, token?: string) => {
    const response = await fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  beforeAll(async () => {
    app = await TestApp.start();
    const scenario = new Scenario(app);
    const plan = {
      country: 'CO',
      periodStart: '2017-07-01',
      periodEnd: '2019-06-30',
      themes: ['transparencia', 'participación ciudadana'],
    };
    planId = (await scenario.plan({ ...plan, title: 'III Plan de Acción' })).id;
    const otherPlan = await scenario.plan({ ...plan, title: 'IV Plan' });
    const group = await scenario.workingGroup(planId, { theme: 'transparencia', members: { ana: 'member' } });
    const proposal = await scenario.proposal(group, {
      title: 'Datos abiertos de "contratación", pública',
      leadEntity: 'MinTIC, Ministerio de Tecnologías',
      branch: 'executive',
      themes: ['transparencia', 'participación ciudadana'],
      by: people.ana,
      submitted: true,
    });
    openContracting = (await scenario.commitment(proposal)).id;
    milestones = [
      (
        await scenario.milestone(openContracting, {
          title: 'Publicar licitaciones en OCDS',
          deliverable: 'API OCDS\nand monthly bulk downloads',
          startDate: '2017-09-01',
          endDate: '2018-06-30',
        })
      ).id,
      (await scenario.milestone(openContracting, { title: 'Capacitar municipios', startDate: '2018-07-01', endDate: '2018-12-31' })).id,
    ];
    await scenario.progress(openContracting, { milestoneId: milestones[0], completion: 'complete', note: 'Done' });
    await scenario.progress(openContracting, {
      completion: 'substantial',
      note: 'Half done, "mostly"\r\nsecond line',
      evidenceUrl: 'https://example.org/informe?a=1,2',
    });
    const budgets = { title: 'Presupuestos abiertos', leadEntity: 'Gobernación de Nariño', branch: 'subnational', themes: ['presupuesto'] };
    openBudgets = (await scenario.commitment(await scenario.proposal(group, { ...budgets, by: people.ana, submitted: true }))).id;
    // A commitment of another plan: in neither export.
    const otherGroup = await scenario.workingGroup(otherPlan, { theme: 'transparencia' });
    await scenario.commitment(await scenario.proposal(otherGroup, { title: 'Not in this plan', submitted: true }));
    lastPosition = (await app.events()).at(-1)!.position;
  });
  afterAll(() => app.stop());

  const latestReportAt = async () => (await app.events()).filter((e) => e.type === 'ProgressReported').at(-1)!.recordedAt;

  it('exports the commitments as RFC 4180 CSV, one row per milestone, that parses back to what was recorded', async () => {
    const csv = await download(`/api/plans/${planId}/export.csv?minPosition=${lastPosition}`, people.participant(1));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="plan-${planId}-commitments.csv"`);
    // Quotes doubled, and the field with a comma, a quote and a line break quoted whole.
    expect(csv.text).toContain(',"Half done, ""mostly""\r\nsecond line","https://example.org/informe?a=1,2"\r\n');
    expect(csv.text).toContain(',"Datos abiertos de ""contratación"", pública","MinTIC, Ministerio de Tecnologías",executive,');

    const reportedAt = await latestReportAt();
    const commitment = [
      planId,
      'III Plan de Acción',
      openContracting,
      'Datos abiertos de "contratación", pública',
      'MinTIC, Ministerio de Tecnologías',
      'executive',
      'transparencia; participación ciudadana',
      'substantial',
    ];
    const progress = [reportedAt, 'substantial', 'Half done, "mostly"\r\nsecond line', 'https://example.org/informe?a=1,2'];
    expect(parseCsv(csv.text)).toEqual([
      [
        'plan_id',
        'plan_title',
        'commitment_id',
        'commitment_title',
        'lead_entity',
        'branch',
        'themes',
        'commitment_completion',
        'milestone_id',
        'milestone_title',
        'milestone_deliverable',
        'milestone_start',
        'milestone_end',
        'milestone_completion',
        'latest_progress_date',
        'latest_progress_completion',
        'latest_progress_note',
        'latest_progress_evidence_url',
      ],
      [
        ...commitment,
        milestones[0],
        'Publicar licitaciones en OCDS',
        'API OCDS\nand monthly bulk downloads',
        '2017-09-01',
        '2018-06-30',
        'complete',
        ...progress,
      ],
      [...commitment, milestones[1], 'Capacitar municipios', '', '2018-07-01', '2018-12-31', 'not-started', ...progress],
      [
        planId,
        'III Plan de Acción',
        openBudgets,
        'Presupuestos abiertos',
        'Gobernación de Nariño',
        'subnational',
        'presupuesto',
        'not-started',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
      ],
    ]);
  });

  it('exports the same commitments as JSON', async () => {
    const json = await download(`/api/plans/${planId}/export.json?minPosition=${lastPosition}`, people.auditor);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(json.headers.get('content-disposition')).toBe(`attachment; filename="plan-${planId}-commitments.json"`);
    const body = JSON.parse(json.text);
    expect(body.asOfPosition).toBeGreaterThanOrEqual(lastPosition);
    expect(body.plan).toEqual({
      id: planId,
      title: 'III Plan de Acción',
      country: 'CO',
      periodStart: '2017-07-01',
      periodEnd: '2019-06-30',
      themes: ['transparencia', 'participación ciudadana'],
      phase: 'co-creation',
    });
    expect(body.commitments).toEqual([
      {
        id: openContracting,
        proposalId: expect.any(String),
        title: 'Datos abiertos de "contratación", pública',
        leadEntity: 'MinTIC, Ministerio de Tecnologías',
        branch: 'executive',
        themes: ['transparencia', 'participación ciudadana'],
        adoptedAt: expect.any(String),
        completion: 'substantial',
        milestones: [
          {
            id: milestones[0],
            title: 'Publicar licitaciones en OCDS',
            deliverable: 'API OCDS\nand monthly bulk downloads',
            startDate: '2017-09-01',
            endDate: '2018-06-30',
            completion: 'complete',
          },
          {
            id: milestones[1],
            title: 'Capacitar municipios',
            deliverable: null,
            startDate: '2018-07-01',
            endDate: '2018-12-31',
            completion: 'not-started',
          },
        ],
        latestProgress: {
          date: await latestReportAt(),
          completion: 'substantial',
          note: 'Half done, "mostly"\r\nsecond line',
          evidenceUrl: 'https://example.org/informe?a=1,2',
          milestoneId: null,
        },
      },
      {
        id: openBudgets,
        proposalId: expect.any(String),
        title: 'Presupuestos abiertos',
        leadEntity: 'Gobernación de Nariño',
        branch: 'subnational',
        themes: ['presupuesto'],
        adoptedAt: expect.any(String),
        completion: 'not-started',
        milestones: [],
        latestProgress: null,
      },
    ]);
  });

  it('answers 404 for an unknown plan and 400 for a malformed id, and anyone without a token', async () => {
    for (const format of ['csv', 'json']) {
      const unknown = await app.get(`/api/plans/${UNKNOWN}/export.${format}`, people.participant(1));
      expect(unknown).toEqual({ status: 404, body: expect.objectContaining({ statusCode: 404, message: `plan ${UNKNOWN} not found` }) });
      // The refusal is the JSON error body, labelled as JSON even on the CSV route.
      expect((await download(`/api/plans/${UNKNOWN}/export.${format}`, people.participant(1))).headers.get('content-type')).toMatch(
        /^application\/json/,
      );
      expect((await app.get(`/api/plans/nope/export.${format}`, people.participant(1))).status).toBe(400);
      expect((await app.get(`/api/plans/${planId}/export.${format}`)).status).toBe(200);
    }
  });
});
