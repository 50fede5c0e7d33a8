const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Resolves with the first stop signal. The handlers stay installed: a terminal's Ctrl-C reaches
 * both this process and the launcher that forwards it, and a second signal must not kill the
 * process half-way through stopping what it started.
 */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received: NodeJS.Signals | undefined;
    for (const signal of STOP_SIGNALS) {
      process.on(signal, () => {
        if (received) return;
        received = signal;
        resolve(signal);
      });
    }
  });
}
