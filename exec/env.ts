/**
 * What a command run for a model may see of our environment, and which values must
 * never reach the model. Commands get a scrubbed environment; their output is
 * redacted with the values `collectSecrets` finds in ours.
 */
import { MIN_SECRET_LENGTH, type NamedSecret } from '../errors/redact-secrets.js';

// Names that hold credentials. Broad on purpose: a dropped variable costs a test
// run a config value (fixable with the allowlist); a leaked one costs a user a key.
const CREDENTIAL_NAME_PATTERNS: readonly RegExp[] = [
  /API_?KEY/i,
  /(^|_)KEYS?(_|$)/i, // MY_KEY, KEY_ID, SIGNING_KEY_DATA, SSH_KEY_PATH; not KEYTIMEOUT
  /_TOKEN|^TOKENS?(_|$)|TOKEN$/i, // GITHUB_TOKEN, TOKEN, npm's _authToken; not TOKENIZERS_PARALLELISM
  /SECRET/i,
  /PASSWORD|PASSWD|PASSPHRASE/i,
  /_PASS$|_PWD$/i, // MYSQL_PWD; not PWD or OLDPWD
  /CREDENTIAL|(^|_)CREDS?(_|$)/i,
  /(^|_)AUTH(_|$)|AUTHORIZATION|AUTHTOKEN/i, // DOCKER_AUTH_CONFIG, npm_config__auth; not GIT_AUTHOR_NAME
  /BEARER|COOKIE|(^|_)JWT(_|$)/i,
  /(^|_)PAT$/i, // GITHUB_PAT, AZURE_DEVOPS_EXT_PAT
  /_DSN$/i, // SENTRY_DSN: the key is the URL's user part
  /WEBHOOK/i, // a Slack or Discord webhook URL is its own key
  /CONN(ECTION)?_?STR(ING)?/i, // AZURE_STORAGE_CONNECTION_STRING=...;AccountKey=...
  /_HEADERS$/i, // OTEL_EXPORTER_OTLP_HEADERS=Authorization=...
  // Every variable of the model vendors Tandem itself talks to: keys, org ids, base URLs.
  /^(OPENAI|ANTHROPIC|AZURE_OPENAI|GEMINI|GOOGLE_GENAI|MISTRAL|GROQ|COHERE|DEEPSEEK|XAI|OPENROUTER|TOGETHER)_/,
  // Tandem's own Temporal connection: @temporalio/envconfig sends TEMPORAL_GRPC_META_* as gRPC headers (Authorization).
  /^TEMPORAL_GRPC_META_/i,
  /^(TANDEM_ENCRYPTION_KEY|TEMPORAL_API_KEY|TEMPORAL_TLS_CLIENT_KEY.*|TEMPORAL_CODEC_AUTH|HF_TOKEN|HUGGING_FACE_HUB_TOKEN)$/,
];

// Variables that hand out the use of keys without holding one: agent sockets, password prompts.
// Kept from commands, but their values (paths) are not secrets to redact.
const ACCESS_HANDLES = /^(SSH_AUTH_SOCK|GPG_AGENT_INFO)$|ASKPASS$/;

// Values that are credentials whatever their name: a URL carrying userinfo (postgres://u:p@db,
// https://TOKEN@host, redis://:p@host) anywhere in the value, a URL with a key in its query,
// a private key, and the token formats of the big hosts (GitHub, GitLab, Slack, AWS, Google, npm, OpenAI, Hugging Face).
const CREDENTIAL_VALUE_PATTERNS: readonly RegExp[] = [
  /\b[a-z][a-z0-9+.-]*:\/\/[^/?#\s@]+@/i,
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s]*[?&](access_?token|api_?key|auth|key|password|secret|sig|signature|token)=[^&\s]/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,})/,
  /\b((AKIA|ASIA)[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{36}|sk-[A-Za-z0-9_-]{20,}|hf_[A-Za-z0-9]{30,})\b/,
];

/** Which names a run treats as secret beyond the patterns, and which it lets through anyway. */
export interface EnvPolicy {
  /** Names passed to commands whatever they look like: the user's `env.allow`. */
  allow?: readonly string[];
  /**
   * Names of the variables holding the run's model keys (each provider's and role's
   * `apiKeyEnv`, RunSettings.keyVariables): secret whatever they are called.
   */
  keyVariables?: readonly string[];
}

/** True when a variable of this name (or with this value) should not reach a command. */
export function isCredentialName(name: string, value?: string): boolean {
  if (ACCESS_HANDLES.test(name) || CREDENTIAL_NAME_PATTERNS.some((pattern) => pattern.test(name))) return true;
  return value !== undefined && CREDENTIAL_VALUE_PATTERNS.some((pattern) => pattern.test(value));
}

/**
 * A copy of `env` without credentials: names and values that look like one, and
 * the run's key variables. Names in `policy.allow` are kept whatever they look
 * like. PATH, HOME, LANG and the rest pass through.
 */
export function scrubEnv(env: NodeJS.ProcessEnv, policy: EnvPolicy = {}): NodeJS.ProcessEnv {
  const allowed = new Set(policy.allow);
  const keys = new Set(policy.keyVariables);
  const scrubbed: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (allowed.has(name) || (!keys.has(name) && !isCredentialName(name, value))) scrubbed[name] = value;
  }
  return scrubbed;
}

/**
 * Values of variables in `env` that look like credentials, and of the run's
 * `keyVariables`, longest first, so a key that contains another is redacted whole.
 * Build this inside the activity from `process.env` (the names may come from
 * the run's settings): secret values must never travel through workflow inputs.
 */
export function collectSecrets(env: NodeJS.ProcessEnv, keyVariables: readonly (string | undefined)[] = []): NamedSecret[] {
  const keys = new Set(keyVariables);
  const secrets: NamedSecret[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value.length < MIN_SECRET_LENGTH) continue;
    if (ACCESS_HANDLES.test(name)) continue; // a socket or program path, not a secret
    if (keys.has(name) || isCredentialName(name, value)) secrets.push({ name, value });
  }
  return secrets.sort((a, b) => b.value.length - a.value.length);
}
