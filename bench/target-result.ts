/** One target of the bench, judged: its own module so the files that judge targets import no one who calls them. */
export interface TargetResult {
  target: string;
  measured: string;
  /** undefined: not measured in this run (e.g. the smoke run has no 1,000-task plan). */
  pass: boolean | undefined;
}
