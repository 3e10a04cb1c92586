/** Assembles a `TodoTask` from a task line and its raw field bullets. */
import { invalidAt } from './todo-errors.js';
import {
  idsValue,
  knownField,
  lineValue,
  listValue,
  pathsValue,
  requirementIdsValue,
  textValue,
  unknownField,
  verifyValue,
  type KnownField,
  type RawField,
} from './todo-fields.js';
import type { TaskStatus, TodoTask } from './todo-types.js';

export interface TaskLineParts {
  id: string;
  title: string;
  status: TaskStatus;
  lineIndex: number;
  fields: readonly RawField[];
  preface?: string;
}

/** Throws TODO_INVALID when a known field appears twice or holds something unreadable. */
export function buildTask(parts: TaskLineParts, file: string): TodoTask {
  const { id } = parts;
  const task: TodoTask = {
    id,
    title: parts.title,
    status: parts.status,
    details: '',
    acceptance: [],
    dependsOn: [],
    extra: [],
    line: parts.lineIndex + 1,
  };
  const seen = new Map<KnownField, RawField>();
  for (const field of parts.fields) {
    const known = knownField(field.name);
    if (known === undefined) {
      task.extra.push(unknownField(field));
      continue;
    }
    const first = seen.get(known);
    if (first !== undefined) {
      throw invalidAt(
        file,
        field.start + 1,
        `task ${id} has a second "${field.name}:" field (the first is on line ${first.start + 1}); merge them into one`,
        id,
      );
    }
    seen.set(known, field);
    applyField(task, known, field, file);
  }
  if (parts.preface !== undefined) task.preface = parts.preface;
  return task;
}

function applyField(task: TodoTask, known: KnownField, field: RawField, file: string): void {
  switch (known) {
    case 'reason': {
      const reason = lineValue(field);
      if (reason !== '') task.reason = reason;
      return;
    }
    case 'details':
      task.details = textValue(field);
      return;
    case 'acceptance':
      task.acceptance = listValue(field);
      return;
    case 'verify': {
      const verify = verifyValue(field);
      if (verify !== undefined) task.verify = verify;
      return;
    }
    case 'dependsOn':
      task.dependsOn = idsValue(field, file);
      return;
    case 'files':
      task.files = pathsValue(field);
      return;
    case 'requirements':
      task.requirements = requirementIdsValue(field, file);
      return;
  }
}
