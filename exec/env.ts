/**
 * What a command run for a model may see of our environment, and which values must
 * never reach the model. Commands get a scrubbed environment; their output is
 * redacted with the values `collectSecrets` finds in ours.
 */
import { MIN_SECRET_LENGTH, type NamedSecret } from '../errors/redact-secrets.js';

// Names that hold credentials. Broad on purpose: a dropped variable costs a test
// run a config value (fixable with the allowlist); a leaked one costs a user a key.
const CREDENTIAL_NAME_PATTERNS: readonly RegExp[] = [
  /_API_?KEY/i,
  /_KEY$/i,
  /_KEY_ID$/i,
  /_KEY_DATA$/i,
  /_TOKEN/i,
  /^TOKEN$/i,
  /SECRET/i,
  /PASSWORD/i,
  /PASSWD/i,
  /_PASS$/i,
  /CREDENTIAL/i,
  /PRIVATE_KEY/i,
  /_AUTH$/i,
  /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|SECURITY_TOKEN)$/,
  // Every variable of the model vendors Tandem itself talks to: keys, org ids, base URLs.
  /^(OPENAI|ANTHROPIC|AZURE_OPENAI|GEMINI|GOOGLE_GENAI|MISTRAL|GROQ|COHERE|DEEPSEEK|XAI|OPENROUTER|TOGETHER)_/,
  /^(TANDEM_ENCRYPTION_KEY|TEMPORAL_API_KEY|TEMPORAL_TLS_CLIENT_KEY.*|HF_TOKEN|HUGGING_FACE_HUB_TOKEN)$/,
  // Agent sockets hand out the use of keys without showing them.
  /^(SSH_AUTH_SOCK|GPG_AGENT_INFO)$/,
];

// A URL with an embedded password (DATABASE_URL=postgres://u:p@host/db) is a credential whatever its name.
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

/** True when a variable of this name (or with this value) should not reach a command. */
export function isCredentialName(name: string, value?: string): boolean {
  if (CREDENTIAL_NAME_PATTERNS.some((pattern) => pattern.test(name))) return true;
  return value !== undefined && URL_WITH_PASSWORD.test(value);
}

/**
 * A copy of `env` without credentials. Names in `allow` are kept whatever they look
 * like (the `env.allow` list in config). PATH, HOME, LANG and the rest pass through.
 */
export function scrubEnv(env: NodeJS.ProcessEnv, allow: readonly string[] = []): NodeJS.ProcessEnv {
  const allowed = new Set(allow);
  const scrubbed: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (allowed.has(name) || !isCredentialName(name, value)) scrubbed[name] = value;
  }
  return scrubbed;
}

/**
 * Values of variables in `env` that look like credentials, longest first, so a key
 * that contains another is redacted whole. Build this inside the activity from
 * `process.env`: secret values must never travel through workflow inputs.
 */
export function collectSecrets(env: NodeJS.ProcessEnv): NamedSecret[] {
  const secrets: NamedSecret[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value.length < MIN_SECRET_LENGTH) continue;
    if (name === 'SSH_AUTH_SOCK' || name === 'GPG_AGENT_INFO') continue; // a socket path, not a secret
    if (isCredentialName(name, value)) secrets.push({ name, value });
  }
  return secrets.sort((a, b) => b.value.length - a.value.length);
}
