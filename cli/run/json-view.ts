/** `--json`: one JSON object per line for each change, then the final status. */
import type { RunStatus } from '../../contracts/run.js';
import type { RunHeader, RunProblem, RunSnapshot, RunView } from './view-types.js';

export class JsonView implements RunView {
  private last = '';

  constructor(private readonly stream: NodeJS.WritableStream) {}

  start(header: RunHeader): void {
    this.write({ event: 'start', ...header });
  }

  update(snapshot: RunSnapshot): void {
    const retry = snapshot.retry && { ...snapshot.retry, nextAttemptAt: undefined };
    const lanes = snapshot.lanes?.map((report) => ({ ...report, startedAt: undefined }));
    const key = JSON.stringify({ s: snapshot.status, p: snapshot.progress && { ...snapshot.progress, startedAt: undefined }, r: retry, a: snapshot.agentProgress, l: lanes });
    if (key === this.last) return;
    this.last = key;
    this.write({ event: 'progress', at: snapshot.at, status: snapshot.status, progress: snapshot.progress, ...(snapshot.retry ? { retry: snapshot.retry } : {}), ...(snapshot.agentProgress ? { agentProgress: snapshot.agentProgress } : {}), ...(snapshot.lanes ? { lanes: snapshot.lanes } : {}) });
  }

  problem(problem: RunProblem | undefined): void {
    this.write(problem ? { event: 'stuck', ...problem } : { event: 'unstuck' });
  }

  finish(status: RunStatus): void {
    this.write({ event: 'finish', status });
  }

  stop(): void {}

  private write(event: object): void {
    this.stream.write(`${JSON.stringify(event)}\n`);
  }
}
