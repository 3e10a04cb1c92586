/**
 * The differences `tandem run` prints when it refuses to take over an open
 * run: one line per setting the user would change, named as they would set
 * it, with the open run's value and the new one.
 */
import { describe, expect, it } from 'vitest';
import { budget, formatChanges, runSettingsDiff, valuesDiff, type RunIntent } from '../../../cli/run/settings-diff.js';
import type { RunSettings } from '../../../contracts/run.js';
import type { ResolvedModel } from '../../../models/types.js';

const model = (spec: string, extra: Partial<ResolvedModel> = {}): ResolvedModel => {
  const [providerName, name] = spec.split(':') as [string, string];
  return { spec, providerName, kind: providerName === 'anthropic' ? 'anthropic' : 'openai', model: name, ...extra } as ResolvedModel;
};

const SETTINGS: RunSettings = {
  implementer: model('openai:gpt-5-mini'),
  reviewers: [model('anthropic:claude-haiku-4-5')],
  testCommand: 'npm test',
  testTimeoutSeconds: 600,
  commandTimeoutSeconds: 120,
  sandbox: { kind: 'bwrap', caches: [] },
  envAllow: [],
  reviewPolicy: 'all',
  maxAttempts: 3,
  maxSteps: 40,
  maxTokensPerAttempt: 200_000,
  onFailure: 'stop',
  taskBudget: {},
  runBudget: {},
  heartbeatTimeoutSeconds: 30,
};
const OPEN: RunIntent = { settings: SETTINGS, branch: 'tandem/greek-letters', taskQueue: 'tandem', allowFailingBaseline: false };
const next = (change: Partial<RunSettings>, branch = OPEN.branch): RunIntent => ({ ...OPEN, settings: { ...SETTINGS, ...change }, branch });

describe('runSettingsDiff', () => {
  it('names changed MCP servers by command or URL, and notices a changed env value without showing it', () => {
    const docs = { transport: 'stdio' as const, command: 'node', args: ['docs.js'], env: { TOKEN: '${DOCS_TOKEN}' }, sandbox: 'bwrap' as const, readPaths: [] };
    const [added] = runSettingsDiff(OPEN, next({ mcp: { docs } }));
    expect(added).toMatchObject({ setting: 'MCP servers (mcp:)', open: 'none', next: expect.stringMatching(/^docs: node docs\.js #[0-9a-f]{6}$/) });
    const [changed] = runSettingsDiff(next({ mcp: { docs } }), next({ mcp: { docs: { ...docs, env: { TOKEN: '${OTHER}' } } } }));
    expect(changed!.open).not.toBe(changed!.next);
    expect(changed!.next).not.toContain('OTHER');
  });

  it('names a change of lanes, telling the single lane in the checkout from one lane in a worktree', () => {
    expect(formatChanges(runSettingsDiff(OPEN, next({ parallel: 4 })))).toBe('  lanes (--parallel, run.parallel): one task at a time in your checkout → 4 lanes in worktrees');
    expect(runSettingsDiff(next({ parallel: 4 }), next({ parallel: 1 }))).toEqual([{ setting: 'lanes (--parallel, run.parallel)', open: '4 lanes in worktrees', next: '1 lane in a worktree' }]);
    expect(runSettingsDiff(next({ parallel: 2 }), next({ parallel: 2 }))).toEqual([]);
  });

  it('finds nothing when the command asks for the open run exactly, whatever the heartbeat knob says', () => {
    expect(runSettingsDiff(OPEN, next({}))).toEqual([]);
    expect(runSettingsDiff(OPEN, next({ heartbeatTimeoutSeconds: 2 }))).toEqual([]);
  });

  it('names a changed test command by its flag, with both values, and a missing one as none', () => {
    expect(runSettingsDiff(OPEN, next({ testCommand: 'pytest -q' }))).toEqual([{ setting: 'test command (--test)', open: 'npm test', next: 'pytest -q' }]);
    expect(runSettingsDiff(OPEN, next({ testCommand: undefined }))).toEqual([{ setting: 'test command (--test)', open: 'npm test', next: 'none' }]);
  });

  it('lists every difference in a stable order: branch, models, sandbox, attempts, budgets', () => {
    const changes = runSettingsDiff(
      OPEN,
      next(
        {
          implementer: model('anthropic:claude-sonnet-4-5'),
          reviewers: [model('openai:gpt-5'), model('openai:gpt-5-mini')],
          sandbox: 'none',
          maxAttempts: 5,
          runBudget: { usd: 10 },
          taskBudget: { usd: 2, tokens: 50_000 },
        },
        'tandem/other',
      ),
    );
    expect(formatChanges(changes).split('\n')).toEqual([
      '  branch (--branch): tandem/greek-letters → tandem/other',
      '  implementer (--implementer): openai:gpt-5-mini → anthropic:claude-sonnet-4-5',
      '  reviewers (--reviewer): anthropic:claude-haiku-4-5 → openai:gpt-5, openai:gpt-5-mini',
      '  sandbox (--no-sandbox, sandbox:): bwrap → none',
      '  attempts per task (--max-attempts): 3 → 5',
      '  task budget (--task-budget, --task-budget-tokens): unlimited → $2 and 50000 tokens',
      '  run budget (--budget, --budget-tokens): unlimited → $10',
    ]);
  });

  it('tells apart the same model name on another endpoint, and a bare sandbox kind from the same policy', () => {
    const moved = runSettingsDiff(OPEN, next({ implementer: model('openai:gpt-5-mini', { baseUrl: 'http://localhost:8080/v1' }) }));
    expect(moved).toEqual([{ setting: 'implementer (--implementer)', open: 'openai:gpt-5-mini', next: 'openai:gpt-5-mini at http://localhost:8080/v1' }]);
    // Runs started before sandbox caches existed recorded a bare kind: the same policy, no difference.
    expect(runSettingsDiff(OPEN, next({ sandbox: 'bwrap' }))).toEqual([]);
    expect(runSettingsDiff(OPEN, next({ sandbox: { kind: 'bwrap', caches: ['npm'] } }))[0]?.next).toBe('bwrap (caches: npm)');
  });

  it('names notifications (a webhook by its origin only: its path may hold a token), the baseline choice and the task queue', () => {
    const hook = 'https://hooks.slack.com/services/T000/B000/secret';
    expect(formatChanges(runSettingsDiff(OPEN, { ...next({ notify: { webhook: hook, desktop: true } }), allowFailingBaseline: true, taskQueue: 'night' })).split('\n')).toEqual([
      '  notifications (--notify, notify:): none → https://hooks.slack.com/[REDACTED], desktop',
      '  failing baseline (--allow-failing-baseline): refused → allowed',
      '  task queue (--task-queue): tandem → night',
    ]);
    // Runs started before notifications recorded none: the same as a run without them.
    expect(runSettingsDiff(OPEN, next({ notify: undefined }))).toEqual([]);
  });
});

describe('valuesDiff and budget', () => {
  it('compares labelled values key by key', () => {
    expect(valuesDiff({ 'planner (--planner)': 'openai:gpt-5', 'review rounds (--max-rounds)': '2' }, { 'planner (--planner)': 'openai:gpt-5', 'review rounds (--max-rounds)': '3' })).toEqual([
      { setting: 'review rounds (--max-rounds)', open: '2', next: '3' },
    ]);
  });

  it('shows a budget in dollars, tokens, both, or as unlimited', () => {
    expect(budget({})).toBe('unlimited');
    expect(budget({ usd: 5 })).toBe('$5');
    expect(budget({ tokens: 1000 })).toBe('1000 tokens');
    expect(budget({ usd: 0.5, tokens: 1000 })).toBe('$0.5 and 1000 tokens');
  });
});
