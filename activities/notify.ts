/**
 * Delivers one notification: a POST to the webhook and a desktop notification.
 * A webhook that fails throws (redacted), so Temporal retries it on the notify
 * profile; the run catches the last failure and keeps it as a note. The desktop
 * notification is shown on the first attempt only, so a retried webhook does not
 * repeat it.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { NotifyDelivery, NotifyEvent, NotifySettings } from '../contracts/notify.js';
import { showDesktopNotification } from '../notify/desktop.js';
import { headline, nextStep, webhookBody, webhookFormat } from '../notify/format.js';
import { postWebhook, WebhookError } from '../notify/webhook.js';

export async function deliverNotification(input: { notify: NotifySettings; event: NotifyEvent }): Promise<NotifyDelivery> {
  const { notify, event } = input;
  const context = Context.current();
  const delivered: NotifyDelivery['delivered'] = [];
  if (notify.desktop && context.info.attempt === 1) {
    const desktop = await showDesktopNotification(headline(event), nextStep(event) ?? event.run.repo);
    if (desktop.shown) delivered.push('desktop');
    else context.log.debug(`desktop notification skipped: ${desktop.skipped}`);
  }
  if (notify.webhook) {
    try {
      await postWebhook(notify.webhook, webhookBody(event, webhookFormat(notify)));
      delivered.push('webhook');
    } catch (error) {
      if (!(error instanceof WebhookError)) throw error;
      context.log.warn(`notification ${event.kind} not delivered: ${error.message}`);
      throw ApplicationFailure.create({ type: 'NotifyWebhookFailed', message: error.message, nonRetryable: !error.retryable });
    }
  }
  return { delivered, problems: [] };
}
