/**
 * An external agent's session in `tandem logs`: who, which session, what it
 * spent, each tool call and note it made (from its journaled event stream),
 * and how it ended, with its last words when it failed. Pure.
 */
import type { AgentEvent } from '../../agents/events.js';
import type { AgentSessionEntry } from '../journal/journal-model.js';
import { formatDuration, formatSpendShort } from '../run/format.js';
import { indent, oneLine, tailLines, type Colors } from './text.js';

const LIMITS = { events: 40, textChars: 240, stderrLines: 10, stderrChars: 2000 };

export function formatAgentSession(agent: AgentSessionEntry, options: { full: boolean; colors: Colors }): string[] {
  const c = options.colors;
  const facts = [
    agent.spec,
    agent.sessionId ? `session ${agent.sessionId}` : 'no session id yet',
    formatSpendShort(agent.spend),
    ...(agent.finishedAt ? [formatDuration(agent.finishedAt - agent.startedAt)] : []),
    ...(agent.resumes > 0 ? [`resumed ${agent.resumes}×`] : []),
  ];
  const lines = [`  ${c.cyan('agent')} · ${facts.join(' · ')}`];
  if (agent.underReported) {
    const { calls, reported } = agent.underReported;
    lines.push(c.yellow(`    charged what Tandem's gateway metered (${calls} billed call${calls === 1 ? '' : 's'}): the agent's own events said ${formatSpendShort(reported)}`));
  }
  const shown = options.full ? agent.events : agent.events.slice(-LIMITS.events);
  if (shown.length < agent.events.length) lines.push(c.dim(`    … ${agent.events.length - shown.length} earlier events (--full shows them)`));
  for (const event of shown) {
    const line = eventLine(event, options.full, c);
    if (line !== undefined) lines.push(line);
  }
  const result = agent.result;
  if (!result) {
    lines.push(c.yellow('    (still running, or the worker stopped here: a retry resumes the session)'));
    return lines;
  }
  if (result.files) lines.push(`    files changed: ${result.files.length === 0 ? 'none' : oneLine(result.files.join(', '), LIMITS.textChars)}`);
  for (const note of result.gitNotes) lines.push(c.yellow(`    git: ${note}`));
  if (result.finished) {
    lines.push(`    ${c.green('done')}: ${options.full ? result.lastWords : oneLine(result.lastWords, LIMITS.textChars)}`);
    return lines;
  }
  // Exit 0 and failed: Tandem judged the ending (a question, refused tools, no events); its summary says why.
  lines.push(`    ${c.red('failed')}: ${result.stoppedBecause ?? (result.exitCode === 0 ? oneLine(result.summary, LIMITS.textChars * 2) : `exit ${result.exitCode ?? 'by signal'}`)}`);
  lines.push(`    last words: ${options.full ? result.lastWords : oneLine(result.lastWords, LIMITS.textChars * 2)}`);
  if (agent.stderr) lines.push(indent(tailLines(agent.stderr, LIMITS.stderrLines, LIMITS.stderrChars), '      stderr │ '));
  return lines;
}

function eventLine(event: AgentEvent, full: boolean, c: Colors): string | undefined {
  switch (event.kind) {
    case 'tool':
      return `    → ${event.summary}`;
    case 'tool-done':
      return `      ${event.failed ? c.red('✗') : c.green('✓')} ${event.summary}`;
    case 'message':
      return c.dim(`    │ ${full ? event.text.trim() : oneLine(event.text, LIMITS.textChars)}`);
    case 'error':
      return c.red(`    ! ${oneLine(event.text, LIMITS.textChars)}`);
    case 'file':
      return c.dim(`    ~ ${event.path}`);
    default:
      return undefined;
  }
}
