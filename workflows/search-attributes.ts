/**
 * Keeps a run's search attributes in step with its status, so the Web UI's
 * list and `tandem list` can filter on state, progress and cost. An upsert is a
 * workflow command: it is gated by a patch, so histories recorded before it
 * replay unchanged, and sent only when a value changed, to keep history small.
 */
import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import { attributeUpdates, runAttributes, type RunAttributeOptions } from '../contracts/search-attributes.js';
import type { RunLocation, RunSettings, RunStatus } from '../contracts/run.js';

/** The patch id: runs recorded before it set no search attributes from the workflow. */
export const SEARCH_ATTRIBUTES_PATCH = 'run-search-attributes';
/** The patch id: runs recorded before it kept `running` in TandemState while a cancel was pending. */
export const CANCELLING_STATE_PATCH = 'run-state-cancelling';

export class RunSearchAttributes {
  private published: string | undefined;

  constructor(
    private readonly location: RunLocation,
    private readonly settings: Pick<RunSettings, 'implementer' | 'reviewers'>,
    private readonly options: RunAttributeOptions,
  ) {}

  /** Upserts the attributes `status` implies, if they differ from the last ones sent. */
  publish(status: RunStatus): void {
    // Asked only once a cancel is pending, so runs that are never cancelled record no marker.
    const shown = status.cancelRequested && !patched(CANCELLING_STATE_PATCH) ? { ...status, cancelRequested: false } : status;
    const values = runAttributes(this.location, this.settings, shown, this.options);
    const serialised = JSON.stringify(values);
    if (serialised === this.published) return;
    if (!patched(SEARCH_ATTRIBUTES_PATCH)) return;
    upsertSearchAttributes(attributeUpdates(values));
    this.published = serialised;
  }
}
