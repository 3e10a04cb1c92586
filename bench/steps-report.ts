/**
 * Where a task's time goes (bench/task-steps.ts): each of Tandem's steps, the time in it spent in
 * processes (git, the test command), model and tool calls, Temporal alone's time for the same step with
 * no-ops, and the rest: what Tandem's own code (and the SDK's handling of it) adds to the step.
 */
import Table from 'cli-table3';
import type { ScaleFigures } from './run-scale.js';

const signed = (value: number) => (Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(1)} ms` : '–');
const ms = (value: number | undefined) => (value !== undefined && Number.isFinite(value) ? `${value.toFixed(1)} ms` : '–');

/** The largest plan measured with Temporal alone beside it; undefined when none was. */
export function stepsTable(scale: ScaleFigures[]): InstanceType<typeof Table> | undefined {
  const measured = scale.filter((s) => s.steps?.some((step) => step.temporalMs !== undefined));
  const figures = measured[measured.length - 1];
  if (figures?.steps === undefined) return undefined;
  const table = new Table({
    head: [`where a task's time goes (${figures.tasks} tasks, p50 per step)`, 'tandem', 'in processes, model, tools', 'Temporal alone, no-ops', "the rest: Tandem's code"],
    style: { head: [], border: [] },
  });
  let tandem = 0;
  let work = 0;
  let temporal = 0;
  for (const step of figures.steps) {
    tandem += step.tandemMs;
    work += step.workMs ?? Number.NaN;
    temporal += step.temporalMs ?? Number.NaN;
    table.push([step.step, ms(step.tandemMs), ms(step.workMs), ms(step.temporalMs), signed(step.tandemMs - (step.workMs ?? Number.NaN) - (step.temporalMs ?? Number.NaN))]);
  }
  table.push(['sum of the medians', ms(tandem), ms(work), ms(temporal), signed(tandem - work - temporal)]);
  return table;
}
