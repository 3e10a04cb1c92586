import { describe, expect, it } from 'vitest';
import { assignLanes } from '../../contracts/lane-assignment.js';

describe('assignLanes', () => {
  it('puts tasks that overlap in different lanes and counts the most at once', () => {
    const { lanes, count } = assignLanes([
      { id: 'T1', startedAt: 0, finishedAt: 10 },
      { id: 'T2', startedAt: 2, finishedAt: 6 },
      { id: 'T3', startedAt: 4, finishedAt: 12 },
    ]);
    expect(count).toBe(3);
    expect(new Set([lanes.T1, lanes.T2, lanes.T3]).size).toBe(3);
  });

  it('gives a freed lane to the next task, the lowest free lane first, and a task starting as another ends shares its lane', () => {
    const { lanes, count } = assignLanes([
      { id: 'T1', startedAt: 0, finishedAt: 10 },
      { id: 'T2', startedAt: 1, finishedAt: 5 },
      { id: 'T3', startedAt: 5, finishedAt: 9 },
      { id: 'T4', startedAt: 10, finishedAt: 11 },
    ]);
    expect(lanes).toEqual({ T1: 1, T2: 2, T3: 2, T4: 1 });
    expect(count).toBe(2);
  });

  it('keeps the lane of a task that still runs taken, and orders equal starts by id (T2 before T10)', () => {
    const { lanes, count } = assignLanes([
      { id: 'T10', startedAt: 0, finishedAt: 3 },
      { id: 'T2', startedAt: 0 },
      { id: 'T3', startedAt: 100 },
    ]);
    expect(lanes).toEqual({ T2: 1, T10: 2, T3: 2 });
    expect(count).toBe(2);
  });

  it('does not depend on the order it is given the tasks in', () => {
    const tasks = [
      { id: 'T1', startedAt: 0, finishedAt: 4 },
      { id: 'T2', startedAt: 1, finishedAt: 8 },
      { id: 'T3', startedAt: 4, finishedAt: 6 },
      { id: 'T4', startedAt: 7, finishedAt: 9 },
    ];
    expect(assignLanes([...tasks].reverse())).toEqual(assignLanes(tasks));
    expect(assignLanes([])).toEqual({ lanes: {}, count: 0 });
  });
});
