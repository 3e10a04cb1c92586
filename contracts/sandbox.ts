/**
 * How commands a model asks for are confined: the choices, named once. Pure data,
 * shared by config (which validates them), the run settings and exec/ (which
 * enforces them).
 */

/** `bwrap`: bubblewrap, the default. `none`: no sandbox, only by the user's own choice. */
export const SANDBOX_KINDS = ['bwrap', 'none'] as const;
export type SandboxKind = (typeof SANDBOX_KINDS)[number];

/** Package caches a sandboxed command may read (never write), by tool name. */
export const SANDBOX_CACHES = ['npm', 'pip', 'cargo', 'go', 'maven'] as const;
export type SandboxCache = (typeof SANDBOX_CACHES)[number];

export interface SandboxPolicy {
  kind: SandboxKind;
  /** Caches mounted read-only inside the sandbox. */
  caches: SandboxCache[];
}

/**
 * What a run's settings carry. A bare kind is what runs started before caches
 * existed carry in their history, so it stays accepted.
 */
export type SandboxSetting = SandboxKind | SandboxPolicy;

/** The policy a setting means: a bare kind has no caches. */
export function sandboxPolicy(setting: SandboxSetting): SandboxPolicy {
  return typeof setting === 'string' ? { kind: setting, caches: [] } : setting;
}
