/** Resolves true once `url`'s readiness endpoint answers 200, false when `deadline` passes or `alive()` turns false. */
export async function waitUntilReady(
  url: string,
  deadline: number,
  alive: () => boolean,
  intervalMs = 100,
): Promise<boolean> {
  while (Date.now() < deadline) {
    if (!alive()) return false;
    if (await isReady(url)) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}

/** One readiness probe with a short timeout. */
export async function isReady(url: string, timeoutMs = 1000): Promise<boolean> {
  try {
    const response = await fetch(new URL('/actuator/health/readiness', url), {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
