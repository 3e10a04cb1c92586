import type { ErrorFacts } from './classify-error.js';

/**
 * The shape both official SDKs (Stainless-generated) give their errors. The vendor
 * files pass their own class checks in, so this file imports neither SDK.
 */
export interface SdkErrorClasses {
  APIError: abstract new (...args: never[]) => { status: number | undefined; headers: Headers | undefined; message: string };
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
}

/** Reads status, headers and the vendor's message from an SDK error; the vendor adds code/type. */
export function sdkErrorFacts(error: unknown, sdk: SdkErrorClasses): ErrorFacts {
  if (error instanceof sdk.APIUserAbortError) return { transport: 'aborted' };
  if (error instanceof sdk.APIConnectionTimeoutError) return { transport: 'timeout' };
  if (error instanceof sdk.APIConnectionError) return { transport: 'connection', detail: lowLevelCode(error) };
  if (error instanceof sdk.APIError) {
    return {
      status: error.status,
      headers: error.headers,
      // Drop the SDK's "429 " prefix; cap length so a proxy's HTML page stays readable.
      vendorMessage: error.message.replace(/^\d{3} /, '').slice(0, 500),
    };
  }
  if (error instanceof SyntaxError) return { transport: 'malformed', detail: 'the body is not valid JSON' };
  if (isAbort(error)) return { transport: 'aborted' };
  // Anything else is a bug between us and the SDK; report it without its stack.
  return { transport: 'malformed', detail: error instanceof Error ? error.message.slice(0, 300) : String(error) };
}

/** `ECONNREFUSED`, `ECONNRESET`, … from the fetch error chain. */
function lowLevelCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'APIUserAbortError');
}
