/**
 * Whether a base URL points at this machine. A server there (Ollama, llama.cpp,
 * vLLM on the same box) costs nothing per token; one anywhere else may be a paid
 * hosted endpoint, so its price must be configured or warned about.
 */
export function isLoopbackUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
