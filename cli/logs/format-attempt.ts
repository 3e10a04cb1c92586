/**
 * One attempt as terminal text: the agent's steps with their tool calls and
 * results, the checks with the output tail, each reviewer's verdict and
 * comments, and the decision. Pure: colours and secrets come in as options.
 */
import { describeToolCall } from '../../agent-tools/execute-tool.js';
import type { Secret } from '../../errors/redact-secrets.js';
import type { AttemptEntry, ReviewEntry, StepEntry, ToolCallEntry } from '../journal/journal-model.js';
import { formatDuration, formatSpendShort, formatTokens } from '../run/format.js';
import { clock, head, indent, oneLine, tailLines, type Colors } from './text.js';
import { formatAgentSession } from './format-agent-session.js';

export interface LogFormatOptions {
  /** Show tool results, model text, test output and feedback in full. */
  full: boolean;
  colors: Colors;
  /** Redacted from tool-call arguments (results were redacted when they were journaled). */
  secrets?: readonly Secret[];
}

const LIMITS = { resultLines: 6, resultChars: 600, testLines: 20, testChars: 3000, feedbackLines: 8, feedbackChars: 1200, textChars: 240 };

export function formatAttempt(attempt: AttemptEntry, options: LogFormatOptions): string {
  const c = options.colors;
  const span = attempt.span;
  const facts = [
    span ? `started ${clock(span.startedAt)} UTC` : undefined,
    span ? formatDuration(span.finishedAt - span.startedAt) : undefined,
    formatSpendShort(attempt.spend),
  ].filter(Boolean);
  const lines = [c.bold(`── attempt ${attempt.attempt} · ${facts.join(' · ')} ──`)];
  if (attempt.mcp) {
    lines.push(`  mcp · ${attempt.mcp.tools} tool${attempt.mcp.tools === 1 ? '' : 's'}`);
    for (const note of attempt.mcp.notes) lines.push(c.yellow(indent(note, '    ! ')));
  }
  if (attempt.agent) lines.push(...formatAgentSession(attempt.agent, options));
  else if (attempt.steps.length === 0) lines.push(`  implement · ${attempt.promptAt ? 'prompt written, no model step recorded' : 'not started'}`);
  for (const step of attempt.steps) lines.push(...formatStep(step, options));
  lines.push(...formatChecks(attempt, options));
  lines.push(...formatReviews(attempt, options));
  lines.push(...formatDecision(attempt, options));
  return lines.join('\n');
}

function formatStep(step: StepEntry, options: LogFormatOptions): string[] {
  const c = options.colors;
  const { spend } = step;
  const tokens = `${formatTokens(spend.inputTokens)} in${spend.cachedInputTokens ? ` (${formatTokens(spend.cachedInputTokens)} cached)` : ''} / ${formatTokens(spend.outputTokens)} out`;
  const lines = [`  ${c.cyan(`step ${step.step}`)} · ${step.modelId} · ${tokens} · $${spend.costUsd.toFixed(4)} · ${formatDuration(step.finishedAt - step.startedAt)}`];
  if (step.reasoningText?.trim()) {
    const reasoning = options.full ? step.reasoningText.trim() : oneLine(step.reasoningText, LIMITS.textChars);
    lines.push(c.dim(indent(`reasoning: ${reasoning}`, '    ┊ ')));
  }
  if (step.text.trim()) {
    const text = options.full ? step.text.trim() : oneLine(step.text, LIMITS.textChars);
    lines.push(c.dim(indent(text, '    │ ')));
  }
  for (const call of step.toolCalls) lines.push(...formatToolCall(call, options));
  return lines;
}

function formatToolCall(call: ToolCallEntry, options: LogFormatOptions): string[] {
  const c = options.colors;
  const described = call.result?.summary ?? describeToolCall({ name: call.name, rawArguments: call.rawArguments }, options.secrets);
  // An MCP call's summary (`mcp server.tool`) does not repeat the name the model called it by.
  const rest = described.startsWith(call.name) ? described.slice(call.name.length) : ` · ${described}`;
  const lines = [`    → ${c.bold(call.name)}${rest}`];
  const result = call.result;
  if (!result) {
    lines.push(c.dim('      (no result recorded: the turn ended earlier, or the run stopped here)'));
    return lines;
  }
  const mark = result.ok ? c.green('✓') : c.red('✗');
  const body = result.finished ? `finished: ${result.finished.summary}` : result.content;
  const shown = options.full ? body.replace(/\s+$/, '') : head(body, LIMITS.resultLines, LIMITS.resultChars);
  lines.push(`      ${mark} ${indent(shown, '        ').trimStart()}`);
  return lines;
}

function formatChecks(attempt: AttemptEntry, options: LogFormatOptions): string[] {
  const c = options.colors;
  const checks = attempt.checks;
  if (!checks) return attempt.steps.length || attempt.agent ? [`  test · ${c.dim('not run')}`] : [];
  const state = checks.passed ? c.green('passed') : c.red('failed');
  const lines = [`  test · ${state} · ${formatDuration(checks.finishedAt - checks.startedAt)}`];
  if (checks.commands.length === 0) lines.push(c.dim('    (no test command configured)'));
  for (const command of checks.commands) {
    const status = command.timedOut ? 'timed out' : `exit ${command.exitCode}`;
    lines.push(`    $ ${command.command} · ${command.exitCode === 0 ? status : c.red(status)} · ${formatDuration(command.durationMs)}`);
    const output = options.full ? command.output.replace(/\s+$/, '') : tailLines(command.output, LIMITS.testLines, LIMITS.testChars);
    if (output.trim()) lines.push(indent(output, '      │ '));
  }
  return lines;
}

function formatReviews(attempt: AttemptEntry, options: LogFormatOptions): string[] {
  if (attempt.reviews.length === 0) {
    return attempt.checks && !attempt.checks.passed ? [`  review · ${options.colors.dim('skipped: the checks failed')}`] : [];
  }
  return attempt.reviews.flatMap((review) => formatReview(review, options));
}

function formatReview(review: ReviewEntry, options: LogFormatOptions): string[] {
  const c = options.colors;
  const verdict = review.verdict === 'approve' ? c.green('approve') : c.yellow('request_changes');
  const lines = [`  review ${review.reviewerIndex + 1} · ${review.reviewer} · ${verdict} · ${formatTokens(review.usage.inputTokens + review.usage.outputTokens)} tok · $${review.costUsd.toFixed(4)}`];
  lines.push(indent(review.summary.trim(), '    '));
  for (const comment of review.comments) {
    const where = comment.file ? ` ${comment.file}${comment.line ? `:${comment.line}` : ''}` : '';
    const severity = comment.severity === 'blocker' || comment.severity === 'major' ? c.red(`[${comment.severity}]`) : c.dim(`[${comment.severity}]`);
    lines.push(`    ${severity}${where} ${comment.body}`);
  }
  return lines;
}

function formatDecision(attempt: AttemptEntry, options: LogFormatOptions): string[] {
  const c = options.colors;
  const decision = attempt.decision;
  if (!decision) return [`  decision · ${c.yellow('none yet')} (the attempt is in progress, or the run stopped here)`];
  if (decision.decision === 'commit') return [`  decision · ${c.green(`committed ${decision.sha?.slice(0, 10) ?? ''}`.trim())} · ${decision.reason}`];
  if (decision.decision === 'give_up') {
    return [`  decision · ${c.red('rolled back')}: ${decision.reason}${decision.sha ? ` · marked failed in ${decision.sha.slice(0, 10)}` : ''}`];
  }
  const lines = [`  decision · ${c.yellow('retry')}: ${decision.reason}`];
  if (attempt.feedback?.trim()) {
    const feedback = options.full ? attempt.feedback.trim() : head(attempt.feedback, LIMITS.feedbackLines, LIMITS.feedbackChars);
    lines.push(`    feedback for attempt ${attempt.attempt + 1}:`, indent(feedback, '      '));
  }
  return lines;
}
