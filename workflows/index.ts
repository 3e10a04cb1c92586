// Every workflow a Tandem worker registers. The bundler loads this file; add one line per workflow.
export { echoWorkflow, localEchoWorkflow } from './echo.js';
export { planWorkflow } from './plan.js';
export { runWorkflow } from './run.js';
export { taskWorkflow } from './task.js';
export { taskShapeRunWorkflow, taskShapeWorkflow } from './task-shape.js';
