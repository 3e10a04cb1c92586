/**
 * What the demo prints last: where to look next (the story of the task that was
 * sent back, the report, the Temporal UI) and, when the demo started or reused
 * the local dev server, that the server keeps running and how to stop it.
 */
export interface NextStepsInput {
  /** The example repository the run worked in. */
  repo: string;
  /** The task whose story is worth reading (the one sent back, if any). */
  taskId: string;
  reportHtml: string;
  /** The run in the Temporal Web UI, when the server has a known UI. */
  uiLink?: string;
  /** Set when the run used Tandem's local dev server: how to stop it (flags included). */
  devServer?: { address: string; stopCommand: string };
  /** Set when the run used a server the user chose (TEMPORAL_ADDRESS / TEMPORAL_PROFILE). */
  externalAddress?: string;
}

export function formatNextSteps(input: NextStepsInput): string {
  const cd = `cd ${shellQuote(input.repo)}`;
  const steps: [string, string][] = [
    ['One commit per task, on the run branch:', `${cd} && git log --oneline main..HEAD`],
    [`The story of ${input.taskId}: each step, tool call, test run and review:`, `${cd} && tandem logs ${input.taskId}`],
    ['The report, with a timeline of every attempt:', input.reportHtml],
  ];
  if (input.uiLink) steps.push(['The run in the Temporal UI, every task and step as it happened:', input.uiLink]);
  if (input.devServer) steps.push(['When you are done, stop the Temporal dev server:', input.devServer.stopCommand]);
  const lines = ['Next steps:', ...steps.flatMap(([what, how]) => [`  ${what}`, `    ${how}`]), ''];
  if (input.devServer) {
    lines.push(
      `The Temporal dev server (${input.devServer.address}) keeps running in the background, so runs survive a closed`,
      `terminal and the UI stays up. \`${input.devServer.stopCommand}\` stops it; the next tandem command starts it again.`,
    );
  } else if (input.externalAddress) {
    lines.push(`The run lives on your Temporal server at ${input.externalAddress}; Tandem started no server of its own.`);
  }
  return `${lines.join('\n')}\n`;
}

/** Quotes a path for a POSIX shell only when it needs it, so the usual temp paths stay readable. */
function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
