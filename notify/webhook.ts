/**
 * One POST of a notification body to a webhook. A webhook URL is a secret in
 * practice (a Slack hook's path is its token), so every message about it shows
 * only its origin.
 */
import { redactSecrets } from '../errors/redact-secrets.js';

/** A webhook failure: `retryable` is false for a refusal that will not change (a 4xx other than 408/429). */
export class WebhookError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
    this.name = 'WebhookError';
  }
}

/** The URL as it may be printed: scheme and host, with path and query redacted. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const secret = `${parsed.pathname}${parsed.search}`;
    return secret === '/' ? parsed.origin : `${parsed.origin}/[REDACTED]`;
  } catch {
    return '[REDACTED webhook URL]';
  }
}

/** `text` with the URL and its path (and any userinfo) removed, for errors that quote the request. */
export function redactUrl(text: string, url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // An unparsable URL is redacted whole below.
  }
  const parts = [url, ...(parsed ? [`${parsed.pathname}${parsed.search}`, parsed.password, parsed.username] : [])];
  return redactSecrets(text, parts.filter((part) => part && part !== '/'), { minLength: 4 });
}

/** Resolves when the receiver answered 2xx within `timeoutMs`; otherwise throws a WebhookError with a redacted message. */
export async function postWebhook(url: string, body: unknown, timeoutMs = 10_000): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'tandem' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new WebhookError(redactUrl(`webhook ${shownUrl(url)} unreachable: ${why}`, url), true);
  }
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  const text = (await response.text().catch(() => '')).slice(0, 200).trim();
  const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
  throw new WebhookError(redactUrl(`webhook ${shownUrl(url)} answered ${response.status}${text ? `: ${text}` : ''}`, url), retryable);
}
