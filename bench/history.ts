/**
 * What Temporal keeps per workflow: history events and bytes (as the server
 * counts them, from describe/list), and activity timings from the events.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';

export type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

export interface HistorySize {
  events: number;
  bytes: number;
}

/** Every execution of `workflowId` (a continue-as-new chain), oldest first. */
export async function executionSizes(client: Client, workflowId: string): Promise<HistorySize[]> {
  const sizes: { start: number; size: HistorySize }[] = [];
  for await (const execution of client.workflow.list({ query: `WorkflowId = '${workflowId.replace(/'/g, "\\'")}'` })) {
    sizes.push({ start: execution.startTime.getTime(), size: { events: execution.historyLength, bytes: execution.historySize ?? 0 } });
  }
  return sizes.sort((a, b) => a.start - b.start).map((entry) => entry.size);
}

export async function historySize(client: Client, workflowId: string): Promise<HistorySize> {
  const description = await client.workflow.getHandle(workflowId).describe();
  return { events: description.historyLength, bytes: description.historySize ?? 0 };
}

export async function fetchEvents(client: Client, workflowId: string): Promise<HistoryEvent[]> {
  return (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
}

export function eventMs(event: HistoryEvent): number {
  const time = event.eventTime;
  const seconds = time?.seconds as unknown as number | { toNumber(): number } | null | undefined;
  const whole = typeof seconds === 'number' ? seconds : seconds ? seconds.toNumber() : 0;
  return whole * 1000 + (time?.nanos ?? 0) / 1e6;
}

export function countActivities(events: HistoryEvent[]): number {
  return events.filter((event) => event.activityTaskScheduledEventAttributes).length;
}

/**
 * For each activity: scheduled → the workflow task that handled its result
 * completed. That is one full round trip as the workflow sees it: dispatch,
 * execution, result, and the workflow code deciding what comes next.
 */
export function activityRoundTrips(events: HistoryEvent[]): { type: string; roundTripMs: number; runMs: number }[] {
  const trips: { type: string; roundTripMs: number; runMs: number }[] = [];
  for (const [index, event] of events.entries()) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (!scheduled) continue;
    const id = Number(event.eventId);
    const started = events.find((e) => Number(e.activityTaskStartedEventAttributes?.scheduledEventId ?? -1) === id);
    const closedAt = events.findIndex((e) => Number(e.activityTaskCompletedEventAttributes?.scheduledEventId ?? -1) === id);
    const handled = events.slice(Math.max(closedAt, index)).find((e) => e.workflowTaskCompletedEventAttributes);
    if (closedAt < 0 || !handled) continue;
    trips.push({
      type: scheduled.activityType?.name ?? '?',
      roundTripMs: eventMs(handled) - eventMs(event),
      runMs: started ? eventMs(events[closedAt]!) - eventMs(started) : Number.NaN,
    });
  }
  return trips;
}

/** Local activities (a file tool, the commit, a branch check) run inside a workflow task and leave a marker. */
export function localActivityCount(events: HistoryEvent[]): number {
  return events.filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}
