const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * True when sending the request twice does no more than sending it once: a safe method, or a
 * request carrying an idempotency key (the receiver answers a repeated key with the first result).
 */
export function isIdempotentRequest(method: string, headers: Readonly<Record<string, string>>): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  return Object.entries(headers).some(
    ([name, value]) => /^(x-)?idempotency-key$/i.test(name) && value.trim() !== '',
  );
}
