/**
 * Dependency-graph checks shared by plan validation (feedback for the planner)
 * and TODO.md validation (errors with line numbers for a person).
 */
import { TandemError } from '../errors/tandem-error.js';

/** The only part of a task the graph functions look at. */
export interface GraphNode {
  id: string;
  dependsOn: readonly string[];
}

export interface DuplicateId {
  id: string;
  /** Positions (0-based, in input order) of every task using the id. */
  indexes: number[];
}

export interface UnknownDependency {
  index: number;
  taskId: string;
  dependency: string;
}

export function findDuplicateIds(tasks: readonly GraphNode[]): DuplicateId[] {
  const seen = new Map<string, number[]>();
  tasks.forEach((task, index) => seen.set(task.id, [...(seen.get(task.id) ?? []), index]));
  return [...seen].filter(([, indexes]) => indexes.length > 1).map(([id, indexes]) => ({ id, indexes }));
}

export function findUnknownDependencies(tasks: readonly GraphNode[]): UnknownDependency[] {
  const ids = new Set(tasks.map((task) => task.id));
  return tasks.flatMap((task, index) =>
    task.dependsOn.filter((dep) => !ids.has(dep)).map((dependency) => ({ index, taskId: task.id, dependency })),
  );
}

/**
 * Every distinct cycle reachable by depth-first search, each as a path that
 * starts and ends with the same id (`['T1', 'T3', 'T1']`). A self-dependency is
 * `['T2', 'T2']`. Unknown dependencies are ignored here; they are reported
 * separately. One cycle per back edge is enough feedback to break it.
 */
export function findCycles(tasks: readonly GraphNode[]): string[][] {
  const deps = new Map<string, readonly string[]>();
  for (const task of tasks) if (!deps.has(task.id)) deps.set(task.id, task.dependsOn);
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const keys = new Set<string>();

  const visit = (id: string): void => {
    state.set(id, 'active');
    stack.push(id);
    for (const dep of deps.get(id) ?? []) {
      if (!deps.has(dep)) continue;
      const depState = state.get(dep);
      if (depState === 'active') {
        const cycle = [...stack.slice(stack.indexOf(dep)), dep];
        const key = [...cycle.slice(0, -1)].sort().join('\u0000');
        if (!keys.has(key)) {
          keys.add(key);
          cycles.push(cycle);
        }
      } else if (depState === undefined) {
        visit(dep);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };

  for (const id of deps.keys()) if (!state.has(id)) visit(id);
  return cycles;
}

/** `['T1', 'T3', 'T1']` → `T1 → T3 → T1`. */
export function formatCycle(cycle: readonly string[]): string {
  return cycle.join(' → ');
}

/**
 * Tasks reordered so every task comes after its dependencies, otherwise keeping
 * the input order (so an already valid TODO.md runs top to bottom). Unknown
 * dependencies are ignored. Throws `PLAN_CYCLE` on a cycle: callers validate
 * first, so reaching it is a bug, but a clear one.
 */
export function topologicalOrder<T extends GraphNode>(tasks: readonly T[]): T[] {
  const ids = new Set(tasks.map((task) => task.id));
  const done = new Set<string>();
  const remaining = [...tasks];
  const order: T[] = [];
  while (remaining.length > 0) {
    const next = remaining.findIndex((task) => task.dependsOn.every((dep) => done.has(dep) || !ids.has(dep)));
    if (next < 0) {
      const cycle = findCycles(remaining)[0] ?? remaining.map((task) => task.id);
      throw new TandemError(`The tasks cannot be ordered: dependency cycle ${formatCycle(cycle)}.`, {
        code: 'PLAN_CYCLE',
        hint: 'Remove one of the dependencies in the cycle.',
        context: { taskId: cycle[0] },
      });
    }
    const [task] = remaining.splice(next, 1) as [T];
    order.push(task);
    done.add(task.id);
  }
  return order;
}
