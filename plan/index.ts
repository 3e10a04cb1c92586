/**
 * The plan model: JSON contracts for models, validation, and the TODO.md
 * format. Pure (no Node built-ins, no I/O, no clocks), so workflow code can
 * import it.
 */
export * from './schema.js';
export { validatePlan, DEFAULT_MAX_FILES_PER_TASK, type PlanProblem, type ValidatePlanOptions } from './validate.js';
export { topologicalOrder, findCycles, formatCycle, type GraphNode } from './graph.js';
export { describesSeveralFeatures, featureClauses, FEATURE_CLAUSE_LIMIT } from './task-size.js';
export * from './todo-types.js';
export { TodoParseError, type TodoErrorCode } from './todo-errors.js';
export { parseTodo, type ParseTodoOptions } from './todo-parse.js';
export { renderTodo } from './todo-render.js';
export { validateTodo } from './todo-validate.js';
export { setTaskStatus, setTaskStatusInValidPlan } from './todo-status.js';
export { planToTodo, todoToPlan, todoTaskToPlan, taskStatuses, formatProvenance, type Provenance } from './todo-convert.js';
