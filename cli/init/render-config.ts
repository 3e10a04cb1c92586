/**
 * Fills `templates/init/tandem.yaml.tmpl`: the models and test sections from
 * what init detected, every other value from the schema's defaults so the
 * file never disagrees with what Tandem does when a key is left out.
 */
import { stringify } from 'yaml';
import { renderInitTemplate } from '../../prompts/templates.js';
import { DEFAULT_CONFIG } from '../../config/schema.js';
import { keyedVendors, vendorKeyVariables } from '../../models/providers/registry.js';
import type { TestCommandCandidate } from './detect-test-command.js';
import { OLLAMA_EXAMPLE, vendorOf, type ModelProposal } from './propose-models.js';

export interface RenderConfigInput {
  models: ModelProposal;
  /** Detected test commands, best first; the first is used. */
  tests: readonly TestCommandCandidate[];
}

/** The text of a commented tandem.yaml that parseConfig accepts without errors. */
export async function renderConfig(input: RenderConfigInput): Promise<string> {
  return renderInitTemplate('tandem.yaml.tmpl', {
    models: modelsSection(input.models).join('\n'),
    test: testSection(input.tests).join('\n'),
    testTimeoutSeconds: String(DEFAULT_CONFIG.testTimeoutSeconds),
    sandbox: DEFAULT_CONFIG.sandbox.kind,
    reviewPolicy: DEFAULT_CONFIG.review.policy,
    maxAttempts: String(DEFAULT_CONFIG.run.maxAttempts),
    maxSteps: String(DEFAULT_CONFIG.run.maxSteps),
    maxTokensPerAttempt: String(DEFAULT_CONFIG.run.maxTokensPerAttempt),
    onFailure: DEFAULT_CONFIG.run.onFailure,
    commandTimeoutSeconds: String(DEFAULT_CONFIG.run.commandTimeoutSeconds),
    convergeRounds: String(DEFAULT_CONFIG.run.convergeRounds),
  });
}

/** The Ollama models as YAML lines; commented out in the file, exported so tests can parse them. */
export function ollamaModelsYaml(): string[] {
  return modelLines(OLLAMA_EXAMPLE);
}

function modelsSection(proposal: ModelProposal): string[] {
  if (proposal.kind === 'none') {
    const local = OLLAMA_EXAMPLE;
    return [
      `# No ${vendorKeyVariables().join(' or ')} was set when this file was written.`,
      '# Either export one or both (then Tandem picks its defaults, or name models',
      `# here), or run local models with ${local.server} (${local.site}): pull them with`,
      `# \`${local.fetchCommand(local.implementer)}\` and \`${local.fetchCommand(local.reviewer)}\`,`,
      '# then uncomment:',
      ...ollamaModelsYaml().map((line) => `# ${line}`),
    ];
  }
  const note = proposal.sameVendor
    ? [
        `# Proposed from ${proposal.from}. Only one vendor's key is set, so the reviewer is`,
        `# another model of the same vendor. For a more independent review, export`,
        `# ${otherVendorKey(proposal.implementer)} and use one of that vendor's models as reviewer.`,
      ]
    : [`# Proposed from ${proposal.from}: implementer and reviewer come from different vendors.`];
  return [...note, ...modelLines(proposal)];
}

/** The key of the vendor(s) the implementer is not from, for a cross-vendor reviewer. */
function otherVendorKey(implementer: string): string {
  return keyedVendors()
    .filter((vendor) => vendor.name !== vendorOf(implementer))
    .map((vendor) => vendor.apiKeyEnv)
    .join(' or ');
}

function modelLines(models: { planner: string; implementer: string; reviewer: string }): string[] {
  return [
    'models:',
    '  # Drafts TODO.md from the design document; another model critiques the plan.',
    `  planner: ${scalar(models.planner)}`,
    '  # Writes the code for each task, with tools to read, edit and run commands.',
    `  implementer: ${scalar(models.implementer)}`,
    '  # Approves or requests changes to each task\'s diff before it is committed.',
    '  reviewers:',
    `    - ${scalar(models.reviewer)}`,
  ];
}

function testSection(tests: readonly TestCommandCandidate[]): string[] {
  const [chosen, ...others] = tests;
  if (chosen === undefined) {
    return [
      '# No test command was detected (package.json scripts.test, pytest, go.mod, Cargo.toml,',
      '# a Makefile `test:` target). Without one, only each task\'s own `Verify:` command',
      '# checks the work, so set the command that runs your tests, e.g.:',
      '# test: npm test',
    ];
  }
  const lines = [`# Detected from ${chosen.source}.`];
  if (others.length > 0) {
    lines.push('# Also found (the first in this order wins: make, package.json, cargo, go, pytest):');
    for (const other of others) lines.push(`#   test: ${scalar(other.command)}    # from ${other.source}`);
  }
  lines.push(`test: ${scalar(chosen.command)}`);
  return lines;
}

/** A YAML scalar for one line: plain when safe, quoted when the text needs it (`:`, `#`, quotes). */
function scalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}
