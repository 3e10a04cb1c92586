/** Where a run's notifications go: part of RunSettings, so it imports nothing (contracts/run.ts imports it). */

export const WEBHOOK_FORMATS = ['json', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Where a run's notifications go. Absent from RunSettings means none are sent. */
export interface NotifySettings {
  /** An http(s) URL that receives one POST per event. It may hold a token (Slack hooks do): never print it whole. */
  webhook?: string;
  /** The body's shape; unset means `slack` for a hooks.slack.com URL, `json` otherwise. */
  format?: WebhookFormat;
  /** Also show a desktop notification on the worker's machine (notify-send, osascript) when one is available. */
  desktop: boolean;
}
