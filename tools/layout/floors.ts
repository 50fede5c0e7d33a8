// The floors of src/ and how an import may cross them: the one home of the layout rule, read by
// the lint (eslint-plugin.ts, loaded by eslint.config.js) and by the floor report (tools/layout/floors-report.ts).

/**
 * Each top-level folder of src/ and its floor. A file may import its own floor or a lower one,
 * never a higher one. Same-floor imports between areas are allowed while no cycle forms.
 */
export const FLOORS: Readonly<Record<string, number>> = Object.freeze({
  kit: 0,
  resilience: 1,
  engines: 1,
  host: 2,
  services: 3,
  cluster: 4,
  exporter: 5,
  chaos: 5,
  incident: 5,
  ops: 5,
  cli: 6,
  console: 6,
});

/** The floor names, lowest first, for reports. */
export const FLOOR_ORDER: readonly string[] = Object.freeze(
  Object.keys(FLOORS).sort((a, b) => (FLOORS[a] ?? 0) - (FLOORS[b] ?? 0)),
);

/**
 * The area of a path relative to the project root: `src/<floor>/<folder>` for files in a
 * folder, `src/<floor>` for files at a floor's root. Undefined outside src/.
 */
export function areaOf(rel: string): string | undefined {
  const parts = rel.split('/');
  if (parts[0] !== 'src' || parts.length < 3) return undefined;
  return parts.length === 3 ? `src/${parts[1]}` : `src/${parts[1]}/${parts[2]}`;
}

/** The floor (top-level folder of src/) of a path relative to the project root. */
export function floorOf(rel: string): string | undefined {
  const parts = rel.split('/');
  return parts[0] === 'src' && parts.length >= 3 ? parts[1] : undefined;
}

const isTest = (rel: string): boolean => rel.endsWith('.test.ts');

/** Why an import breaks the layout. */
export interface LayoutViolation {
  readonly rule: 'upward' | 'deep' | 'test-code' | 'unknown-floor';
  readonly message: string;
}

/**
 * Why an import from `from` to `to` (both relative to the project root) breaks the layout, or
 * undefined when it is allowed. Another area is entered only through its `index.ts` (or its
 * `testing/index.ts`, for tests); a lower floor never imports a higher one.
 */
export function layoutViolation(from: string, to: string): LayoutViolation | undefined {
  const fromFloor = floorOf(from);
  if (fromFloor === undefined) return undefined;
  if (!to.startsWith('src/')) {
    if (to.startsWith('test/') && !isTest(from)) {
      return { rule: 'test-code', message: `product code imports test code (${to})` };
    }
    return undefined;
  }
  const toFloor = floorOf(to);
  for (const floor of [fromFloor, toFloor]) {
    if (floor !== undefined && FLOORS[floor] === undefined) {
      return {
        rule: 'unknown-floor',
        message: `src/${floor} has no floor: add it to FLOORS in tools/layout/floors.ts`,
      };
    }
  }
  if (toFloor !== undefined && (FLOORS[toFloor] ?? 0) > (FLOORS[fromFloor] ?? 0)) {
    return {
      rule: 'upward',
      message: `${fromFloor} (floor ${FLOORS[fromFloor]}) must not import ${toFloor} (floor ${FLOORS[toFloor]})`,
    };
  }
  const fromArea = areaOf(from);
  const toArea = areaOf(to);
  if (fromArea === toArea || toArea === undefined) return undefined;
  const entry = to.slice(toArea.length + 1);
  if (entry === 'index.ts' || (entry === 'testing/index.ts' && isTest(from))) return undefined;
  return {
    rule: 'deep',
    message: `${to} is inside ${toArea}: import it through ${toArea}/index.ts${
      entry.startsWith('testing/') ? ' (testing/index.ts is for tests)' : ''
    }`,
  };
}
