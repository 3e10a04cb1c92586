/** The report's header names where each role's calls went, with key fingerprints and never a key. */
import { describe, expect, it } from 'vitest';
import { headerRows } from '../../cli/report/report-facts.js';
import type { ReportModel } from '../../cli/report/report-model.js';
import { ZERO_SPEND } from '../../contracts/run.js';

const RUN: NonNullable<ReportModel['run']> = {
  runId: 'tandem/run/app@123456/TODO.md',
  repo: '/src/app',
  planRelPath: 'TODO.md',
  branch: 'tandem/greek',
  implementer: 'openai:gpt-5-mini',
  reviewers: ['anthropic:claude-haiku-4-5'],
  demo: false,
  startedAt: 0,
};

const model = (run: ReportModel['run']): ReportModel => ({
  journalDir: '/j',
  run,
  tasks: [],
  convergeLine: 'not run',
  totals: { committed: 0, failed: 0, skipped: 0, 'in progress': 0, 'not run': 0, spend: ZERO_SPEND },
  trace: { rows: [] },
  problems: [],
});

describe('the Endpoints row', () => {
  it('lists each role with its provider, base URL, key variable and fingerprint', () => {
    const rows = headerRows(
      model({
        ...RUN,
        endpoints: {
          implementer: { provider: 'openai', baseUrl: 'http://127.0.0.1:9000/v1', baseUrlEnv: 'OPENAI_BASE_URL', keyEnv: 'OPENAI_API_KEY', keyFingerprint: '3b1f09ac' },
          reviewers: [{ provider: 'anthropic', keyEnv: 'ANTHROPIC_API_KEY', keyFingerprint: '9c0e11d2' }],
        },
      }),
    );
    expect(Object.fromEntries(rows).Endpoints).toBe(
      'implementer: openai at http://127.0.0.1:9000/v1 · OPENAI_API_KEY 3b1f09ac; reviewer: anthropic at public API · ANTHROPIC_API_KEY 9c0e11d2',
    );
  });

  it('is left out for runs recorded before endpoints were', () => {
    expect(Object.fromEntries(headerRows(model(RUN))).Endpoints).toBeUndefined();
  });
});
