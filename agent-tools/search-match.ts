/** One line found by the search tool; shared by its git and JavaScript back ends. */
export interface Match {
  /** Relative to the workspace root, '/'-separated. */
  file: string;
  line: number;
  text: string;
}
