/**
 * Makes sure the server knows Tandem's search attributes before a run starts:
 * a run whose workflow upserts an unknown attribute would fail every workflow
 * task and wait forever, so a missing one is found here instead. Tandem's own
 * dev server is fixed on the spot (one started by an older Tandem lacks them);
 * on a cluster that is an operator's decision, so the error names the commands.
 */
import { isGrpcServiceError } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { EXIT, TandemError } from '../errors/tandem-error.js';
import type { TemporalTarget } from './connection.js';
import { registerCommands, RUN_SEARCH_ATTRIBUTE_NAMES, RUN_SEARCH_ATTRIBUTES, type SearchAttributeTypeName } from './search-attributes.js';

/** Temporal's IndexedValueType numbers (temporal.api.enums.v1). */
const INDEXED_VALUE_TYPE: Record<SearchAttributeTypeName, number> = { Keyword: 2, Int: 3, Double: 4, KeywordList: 7 };

export interface SearchAttributeProblem {
  name: string;
  expected: SearchAttributeTypeName;
  /** The type the server has under that name, when it has the name at all. */
  found?: string;
}

/** What the server's listing lacks or has with another type; empty when all is well. */
export function searchAttributeProblems(custom: Record<string, unknown>): SearchAttributeProblem[] {
  return RUN_SEARCH_ATTRIBUTE_NAMES.flatMap((name): SearchAttributeProblem[] => {
    const expected = RUN_SEARCH_ATTRIBUTES[name];
    if (!(name in custom)) return [{ name, expected }];
    const found = custom[name];
    // The listing's enum comes back as a number, or as its name with some loaders.
    const same = found === INDEXED_VALUE_TYPE[expected] || String(found).toUpperCase() === `INDEXED_VALUE_TYPE_${snake(expected)}`;
    return same ? [] : [{ name, expected, found: typeName(found) }];
  });
}

/** `checked: false` when the server would not list its attributes (a managed service may not allow it): the run goes on. */
export type SearchAttributeCheck = { checked: true } | { checked: false; reason: string };

/**
 * Registers missing attributes on Tandem's dev server; on any other server
 * throws TandemError `TEMPORAL_SEARCH_ATTRIBUTES_MISSING` (exit 3) naming the
 * `temporal operator search-attribute create` commands.
 */
export async function ensureSearchAttributes(connection: Pick<NativeConnection, 'operatorService'>, target: TemporalTarget): Promise<SearchAttributeCheck> {
  let custom: Record<string, unknown>;
  try {
    custom = (await connection.operatorService.listSearchAttributes({ namespace: target.namespace })).customAttributes ?? {};
  } catch (error) {
    // gRPC 7 PERMISSION_DENIED, 12 UNIMPLEMENTED: not ours to decide; anything else is a real failure.
    const code = isGrpcServiceError(error) ? error.code : undefined;
    if (code === 7 || code === 12) return { checked: false, reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
    throw error;
  }
  const problems = searchAttributeProblems(custom);
  if (problems.length === 0) return { checked: true };
  const missing = problems.filter((problem) => problem.found === undefined);
  if (target.kind === 'dev-server' && missing.length === problems.length) {
    await connection.operatorService.addSearchAttributes({
      namespace: target.namespace,
      searchAttributes: Object.fromEntries(missing.map((problem) => [problem.name, INDEXED_VALUE_TYPE[problem.expected]])),
    });
    return { checked: true };
  }
  throw searchAttributesMissing(problems, target);
}

function searchAttributesMissing(problems: SearchAttributeProblem[], target: TemporalTarget): TandemError {
  const listed = problems.map((problem) => (problem.found ? `${problem.name} (is ${problem.found}, needs ${problem.expected})` : problem.name)).join(', ');
  const wrongType = problems.some((problem) => problem.found !== undefined);
  return new TandemError(`The Temporal server at ${target.address} lacks Tandem's search attributes in namespace "${target.namespace}": ${listed}.`, {
    code: 'TEMPORAL_SEARCH_ATTRIBUTES_MISSING',
    exitCode: EXIT.infrastructure,
    hint:
      (wrongType ? 'Remove the attributes of the wrong type (`temporal operator search-attribute remove --name ...`), then register' : 'Register them once per namespace') +
      ` (see docs/operations.md):\n    ${registerCommands(target.namespace).join('\n    ')}`,
    context: { namespace: target.namespace, address: target.address },
  });
}

function snake(type: SearchAttributeTypeName): string {
  return type === 'KeywordList' ? 'KEYWORD_LIST' : type.toUpperCase();
}

function typeName(found: unknown): string {
  const byNumber = Object.entries(INDEXED_VALUE_TYPE).find(([, value]) => value === found)?.[0];
  return byNumber ?? String(found).replace(/^INDEXED_VALUE_TYPE_/, '');
}
