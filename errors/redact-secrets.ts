/**
 * Keeps secret values out of what Tandem shows or stores: command and tool
 * output a model reads, error messages users see. One function for both, so
 * both get the same matching rules.
 *
 * It lives in errors/ because errors/ imports nothing: models/ (vendor error
 * messages) and exec/ (command output) both sit above it, and neither may
 * import the other.
 */

/** A secret value, optionally with the variable name it came from (shown in the redaction marker). */
export interface NamedSecret {
  name: string;
  value: string;
}

export type Secret = string | NamedSecret;

/** Shorter values are not redacted: they would match ordinary words and numbers. */
export const MIN_SECRET_LENGTH = 8;

export interface RedactOptions {
  /** Values shorter than this are left alone; default MIN_SECRET_LENGTH. */
  minLength?: number;
  /** Also mask tokens shaped like an API key (`sk-…`, `pk-…`, `key-…`) that match no given secret. */
  keyShaped?: boolean;
}

// Vendors echo keys back in 401 bodies, partly masked ("sk-test-****1234"); such a token is not the given secret verbatim.
const KEY_SHAPED = /\b(sk|pk|key)-[A-Za-z0-9_*-]{6,}/g;

/**
 * `text` with every occurrence of each secret value (of at least `minLength`
 * characters) replaced by `[REDACTED:NAME]`, or `[REDACTED]` when no name is
 * known. Secrets match as literal text, longest first, so a key that contains
 * another is redacted whole. Undefined entries (a key that is not set) are skipped.
 */
export function redactSecrets(text: string, secrets: readonly (Secret | undefined)[] = [], options: RedactOptions = {}): string {
  const minLength = options.minLength ?? MIN_SECRET_LENGTH;
  const named = secrets
    .filter((secret): secret is Secret => secret !== undefined)
    .map((secret) => (typeof secret === 'string' ? { name: '', value: secret } : secret))
    .filter((secret) => secret.value.length >= minLength)
    .sort((a, b) => b.value.length - a.value.length);
  let redacted = text;
  for (const { name, value } of named) {
    if (!redacted.includes(value)) continue;
    redacted = redacted.split(value).join(name ? `[REDACTED:${name}]` : '[REDACTED]');
  }
  return options.keyShaped ? redacted.replace(KEY_SHAPED, '[REDACTED]') : redacted;
}

/** Length of the longest secret that redaction would replace; output buffers keep this much extra so a secret cut by truncation is still caught. */
export function longestSecretLength(secrets: readonly Secret[] = []): number {
  return secrets.reduce((max, s) => Math.max(max, (typeof s === 'string' ? s : s.value).length), 0);
}
