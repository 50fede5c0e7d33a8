/** The operations a load run mixes. */
export const LOAD_OPERATIONS = ['golden', 'write', 'read'] as const;

/** One operation: a golden loop, a capsule write, a capsule page read. */
export type LoadOperation = (typeof LOAD_OPERATIONS)[number];

/** Relative weights of the operations (a weight of 0 leaves one out). */
export type LoadMix = Readonly<Record<LoadOperation, number>>;

/** The mix when none is given: mostly writes (the ledger's subject), some reads, a few loops. */
export const DEFAULT_MIX: LoadMix = Object.freeze({ golden: 1, write: 8, read: 4 });

/** What `--mix` accepts, for error messages. */
export const MIX_FORMAT = `comma-separated name=weight with names ${LOAD_OPERATIONS.join(', ')} and whole weights ≥ 0, at least one > 0 (e.g. golden=1,write=8,read=4)`;

/**
 * Parses `golden=1,write=8,read=4`; an operation left out weighs 0. Returns the reason when the
 * text is not a mix.
 */
export function parseMix(text: string): LoadMix | { invalid: string } {
  const mix: Record<LoadOperation, number> = { golden: 0, write: 0, read: 0 };
  for (const part of text.split(',')) {
    const [name, weight, extra] = part.trim().split('=');
    if (!(LOAD_OPERATIONS as readonly string[]).includes(name ?? '') || extra !== undefined) {
      return { invalid: `'${part.trim()}' is not name=weight` };
    }
    if (!/^\d+$/.test(weight ?? '')) return { invalid: `the weight of ${name} must be a whole number` };
    mix[name as LoadOperation] = Number(weight);
  }
  if (Object.values(mix).every((weight) => weight === 0)) return { invalid: 'every weight is 0' };
  return Object.freeze(mix);
}

/**
 * Picks operations in proportion to the mix, evenly spread and deterministic (smooth weighted
 * round robin, as nginx balances upstreams): with 1:8:4, each window of 13 starts holds exactly
 * one loop, eight writes and four reads, never eight writes in a row.
 */
export function mixPicker(mix: LoadMix): () => LoadOperation {
  const total = LOAD_OPERATIONS.reduce((sum, name) => sum + mix[name], 0);
  const current: Record<LoadOperation, number> = { golden: 0, write: 0, read: 0 };
  return () => {
    let best: LoadOperation = 'write';
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const name of LOAD_OPERATIONS) {
      current[name] += mix[name];
      if (mix[name] > 0 && current[name] > bestScore) [best, bestScore] = [name, current[name]];
    }
    current[best] -= total;
    return best;
  };
}
