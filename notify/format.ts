/**
 * The words and bodies of a notification, built from an event and nothing
 * else: the same event gives the same body, so tests read them directly and
 * the delivery activity only sends.
 */
import type { NotifyEvent, NotifySettings, WebhookFormat } from '../contracts/notify.js';
import { approvalCommands } from '../contracts/approval.js';

/** One line a person reads on a phone: what happened, in which run. */
export function headline(event: NotifyEvent): string {
  const where = `${event.run.plan} on ${event.run.branch}`;
  const task = event.task ? `${event.task.id} ${event.task.title}` : undefined;
  switch (event.kind) {
    case 'paused':
      return `Tandem paused (${event.pauseKind ?? 'paused'}): ${where}${event.reason ? ` · ${event.reason}` : ''}`;
    case 'waiting_for_approval':
      return `Tandem waits for your approval: ${task ?? where}${task ? ` (${where})` : ''}${event.reason ? ` · ${event.reason}` : ''}`;
    case 'task_failed':
      return `Tandem task failed: ${task ?? '?'} (${where})${event.reason ? ` · ${event.reason}` : ''}`;
    case 'run_finished':
      return `Tandem run ${event.state ?? 'finished'}: ${where}${event.tasks ? ` · ${countsLine(event)}` : ''}`;
  }
}

/** What a person does next, when there is something to do. */
export function nextStep(event: NotifyEvent): string | undefined {
  if (event.kind === 'paused') {
    if (event.pauseKind === 'budget') return `tandem resume ${event.run.plan} --add-budget <usd> (or --add-tokens <n>)`;
    if (event.pauseKind === 'git') return `check the branch ${event.run.branch}, then tandem resume ${event.run.plan}`;
    if (event.pauseKind === 'worker') return "start the worker named in the reason, with the run's model keys and base URLs; the run goes on by itself";
    return `tandem resume ${event.run.plan}`;
  }
  if (event.kind === 'waiting_for_approval') return approvalCommands({ gate: event.task ? 'each' : 'plan', taskId: event.task?.id }, event.run.plan);
  if (event.kind === 'task_failed') return `tandem logs ${event.run.plan} ${event.task?.id ?? ''}`.trim();
  return undefined;
}

function countsLine(event: NotifyEvent): string {
  const t = event.tasks!;
  const cost = event.spend ? ` · $${event.spend.costUsd.toFixed(2)}` : '';
  return `${t.committed}/${t.total} committed, ${t.failed} failed, ${t.skipped} skipped, ${t.notRun} not run${cost}`;
}

/** `slack` when asked, or when the URL is a Slack incoming webhook; `json` otherwise. */
export function webhookFormat(settings: Pick<NotifySettings, 'webhook' | 'format'>): WebhookFormat {
  if (settings.format) return settings.format;
  try {
    return new URL(settings.webhook ?? '').hostname === 'hooks.slack.com' ? 'slack' : 'json';
  } catch {
    return 'json';
  }
}

/** The generic body: the event as it is, plus the headline, so any receiver can route on `event`. */
export function jsonBody(event: NotifyEvent): Record<string, unknown> {
  const { kind, at, ...rest } = event;
  return { event: kind, text: headline(event), next: nextStep(event), at: new Date(at).toISOString(), ...rest };
}

/** A Slack incoming-webhook body: `text` for the notification, blocks for the message. */
export function slackBody(event: NotifyEvent): Record<string, unknown> {
  const next = nextStep(event);
  const context = [`run \`${event.run.id}\``, `repo ${event.run.repo}`, ...(next ? [`next: \`${next}\``] : [])];
  return {
    text: headline(event),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: headline(event) } },
      { type: 'context', elements: context.map((text) => ({ type: 'mrkdwn', text })) },
    ],
  };
}

export function webhookBody(event: NotifyEvent, format: WebhookFormat): Record<string, unknown> {
  return format === 'slack' ? slackBody(event) : jsonBody(event);
}
