/**
 * The implementer's tools, in the order the model is shown them. Adding a tool
 * is one definition (see define-tool.ts) and one line here.
 */
import type { ToolSpec } from '../models/types.js';
import { toolSpec, type ToolDefinition } from './define-tool.js';
import { editFileTool } from './edit-file.js';
import { finishTool } from './finish.js';
import { listFilesTool } from './list-files.js';
import { readFileTool } from './read-file.js';
import { runCommandTool } from './run-command.js';
import { searchTool } from './search.js';
import { writeFileTool } from './write-file.js';

export const TOOLS: readonly ToolDefinition[] = [
  readFileTool,
  writeFileTool,
  editFileTool,
  listFilesTool,
  searchTool,
  runCommandTool,
  finishTool,
];

const BY_NAME = new Map(TOOLS.map((definition) => [definition.name, definition]));

/** The definition of the tool a model called, or undefined for a name no tool has. */
export function findTool(name: string): ToolDefinition | undefined {
  return BY_NAME.get(name);
}

/** The tools as sent to models, with JSON Schemas derived from the zod schemas. */
export const TOOL_SPECS: ToolSpec[] = TOOLS.map(toolSpec);
