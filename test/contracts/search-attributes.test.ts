/** What a run shows in the Web UI's list and `tandem list`, derived from its status. */
import { describe, expect, it } from 'vitest';
import { attributeUpdates, runAttributes, startAttributes, visibleState } from '../../contracts/search-attributes.js';
import { ZERO_SPEND, type RunLocation, type RunStatus, type TaskStatusRow } from '../../contracts/run.js';
import { devServerSearchAttributeArgs, RUN_SEARCH_ATTRIBUTE_NAMES } from '../../temporal/search-attributes.js';

const location: RunLocation = { repo: '/src/app', planRelPath: 'TODO.md', branch: 'tandem/app', runId: 'tandem/run/app@abc/TODO.md', journalDir: '/tmp/j' };
const models = { implementer: { spec: 'openai:gpt-5-mini' }, reviewers: [{ spec: 'anthropic:claude-haiku-4-5' }] } as never;
const SHOWN = { showBranch: true };
const row = (id: string, state: TaskStatusRow['state']): TaskStatusRow => ({ id, title: id, state, attempts: 0, spend: ZERO_SPEND });

function status(state: RunStatus['state'], tasks: TaskStatusRow[], extra: Partial<RunStatus> = {}): RunStatus {
  return { runId: location.runId, state, tasks, spend: { inputTokens: 1200, outputTokens: 300, cachedInputTokens: 0, costUsd: 0.25 }, budget: {}, ...extra };
}

describe('run search attributes', () => {
  it('names each pause by its kind, and counts preparing as running', () => {
    expect(visibleState({ state: 'paused', pauseKind: 'budget' })).toBe('paused:budget');
    expect(visibleState({ state: 'paused', pauseKind: 'git' })).toBe('paused:git');
    expect(visibleState({ state: 'paused' })).toBe('paused:user');
    expect(visibleState({ state: 'preparing' })).toBe('running');
    expect(visibleState({ state: 'failed' })).toBe('failed');
  });

  it('shows a pending cancel as cancelling, whether the run was running or paused, until it has ended', () => {
    expect(visibleState({ state: 'running', cancelRequested: true })).toBe('cancelling');
    expect(visibleState({ state: 'paused', pauseKind: 'budget', cancelRequested: true })).toBe('cancelling');
    expect(visibleState({ state: 'cancelled', cancelRequested: true })).toBe('cancelled');
  });

  it('counts committed, failed (with blocked) and all tasks, and carries spend and models', () => {
    const values = runAttributes(location, models, status('running', [row('T1', 'committed'), row('T2', 'failed'), row('T3', 'blocked'), row('T4', 'running')], { currentTaskId: 'T4' }), SHOWN);
    expect(values).toEqual({
      repo: '/src/app',
      plan: 'TODO.md',
      branch: 'tandem/app',
      state: 'running',
      currentTask: 'T4',
      done: 1,
      failed: 2,
      total: 4,
      costUsd: 0.25,
      tokens: 1500,
      implementer: 'openai:gpt-5-mini',
      reviewers: ['anthropic:claude-haiku-4-5'],
    });
  });

  it('leaves the branch out when payloads are encrypted: it is named after the plan title, and attributes are plaintext', () => {
    const hidden = runAttributes(location, models, status('running', []), { showBranch: false });
    expect(hidden.branch).toBeUndefined();
    expect(attributeUpdates(hidden).find((pair) => pair.key.name === 'TandemBranch')?.value).toBeNull();
    expect(startAttributes(hidden).map((pair) => pair.key.name)).not.toContain('TandemBranch');
  });

  it('clears the current task once none runs, and a start carries no empty value', () => {
    const ended = runAttributes(location, models, status('failed', [row('T1', 'failed')], { currentTaskId: 'T1' }), SHOWN);
    expect(ended.currentTask).toBeUndefined();
    expect(attributeUpdates(ended).find((pair) => pair.key.name === 'TandemCurrentTask')?.value).toBeNull();
    expect(startAttributes(ended).map((pair) => pair.key.name)).not.toContain('TandemCurrentTask');
  });

  it('registers every attribute on the dev server, with the types SQL visibility allows', () => {
    const args = devServerSearchAttributeArgs();
    expect(args.filter((arg) => arg === '--search-attribute')).toHaveLength(RUN_SEARCH_ATTRIBUTE_NAMES.length);
    const types = args.filter((arg) => arg.includes('=')).map((arg) => arg.split('=')[1]);
    // SQL visibility: at most 3 Int, 3 Double, 10 Keyword and 3 KeywordList custom attributes per namespace.
    const count = (type: string) => types.filter((t) => t === type).length;
    expect(count('Int')).toBeLessThanOrEqual(3);
    expect(count('Double')).toBeLessThanOrEqual(3);
    expect(count('Keyword')).toBeLessThanOrEqual(10);
    expect(count('KeywordList')).toBeLessThanOrEqual(3);
    // TandemRemote never changes: the start sets it, and the workflow's upserts leave it out.
    expect(attributeUpdates(runAttributes(location, models, status('running', []), SHOWN)).map((pair) => pair.key.name).sort()).toEqual(RUN_SEARCH_ATTRIBUTE_NAMES.filter((name) => name !== 'TandemRemote').sort());
  });
});
