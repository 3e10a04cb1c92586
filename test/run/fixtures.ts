/** A small repository and model fakes for run tests: three tasks writing Greek letters to files. */
import type { FakeServer, ScriptFn } from '../fakes/index.js';
import { startModelFakes } from '../support/model-fakes.js';
import { createRepo, type TestRepo } from '../support/git-repo.js';

export const GREEK_PLAN = `# Plan: Greek letters

- [ ] T1: Write alpha
  - Details: Create a.txt containing the word alpha.
  - Acceptance:
    - a.txt contains exactly "alpha"
  - Verify: \`grep -qx alpha a.txt\`
  - Depends on: none
- [ ] T2: Write beta
  - Details: Create b.txt containing the word beta.
  - Acceptance:
    - b.txt contains exactly "beta"
  - Verify: \`grep -qx beta b.txt\`
  - Depends on: T1
- [ ] T3: Write gamma
  - Details: Create c.txt containing the word gamma.
  - Acceptance:
    - c.txt contains exactly "gamma"
  - Verify: \`grep -qx gamma c.txt\`
  - Depends on: none
`;

/** The plan's first tasks only: everything before task `id`. */
export function greekPlanBefore(id: 'T2' | 'T3'): string {
  return GREEK_PLAN.slice(0, GREEK_PLAN.indexOf(`- [ ] ${id}:`));
}

export const IMPLEMENTER = 'openai:gpt-5-mini';
export const REVIEWER = 'anthropic:claude-haiku-4-5';

export function tandemYaml(extra = ''): string {
  return `models:\n  implementer: ${IMPLEMENTER}\n  reviewers: [${REVIEWER}]\ntest: test -f README.md\n${extra}`;
}

/** `files`: more files in the first commit (an AGENTS.md, a CLAUDE.md). */
export async function greekRepo(options: { plan?: string; config?: string; name?: string; files?: Record<string, string> } = {}): Promise<TestRepo> {
  return createRepo(
    { 'README.md': '# Greek letters\n', 'TODO.md': options.plan ?? GREEK_PLAN, 'tandem.yaml': options.config ?? tandemYaml(), ...options.files },
    { name: options.name },
  );
}

export interface Fakes {
  implementer: FakeServer;
  reviewer: FakeServer;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** The implementer on the OpenAI fake, the reviewer on the Anthropic fake: two vendors, as cross-review wants. */
export async function startFakes(implementer: ScriptFn, reviewer: ScriptFn): Promise<Fakes> {
  const fakes = await startModelFakes(implementer, reviewer);
  return { implementer: fakes.openai, reviewer: fakes.anthropic, env: fakes.env, close: fakes.close };
}

/** Tasks with no dependencies (lanes tests): `Tn` writes `<file of Tn>`, checked by its Verify. */
export function independentPlan(title: string, files: Record<string, string>): string {
  const tasks = Object.entries(files).map(([id, file]) => `- [ ] ${id}: Write ${file}\n  - Acceptance:\n    - ${file} exists\n  - Verify: \`test -f ${file}\`\n  - Depends on: none\n`);
  return `# Plan: ${title}\n\n${tasks.join('')}`;
}

/** `Tn: Write note <word>` for each word, accepted when `<word>.txt` exists; no task depends on another. */
export function notesPlan(title: string, words: readonly string[]): string {
  const tasks = words.map((word, index) => `- [ ] T${index + 1}: Write note ${word}\n  - Acceptance:\n    - ${word}.txt exists\n  - Depends on: none\n`);
  return `# Plan: ${title}\n\n${tasks.join('')}`;
}
