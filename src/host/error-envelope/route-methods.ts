/**
 * The methods each route pattern of the app answers, so an unmatched request can tell a wrong
 * method on a known path (405 with `Allow`) from a path that does not exist (404).
 */
export class RouteMethods {
  private readonly routes: { pattern: RegExp; methods: Set<string> }[] = [];
  private readonly byUrl = new Map<string, Set<string>>();

  /** Records a route as Fastify registers it (`/api/v1/actions/:actionId`, methods). */
  add(url: string, methods: string | readonly string[]): void {
    let known = this.byUrl.get(url);
    if (!known) {
      known = new Set();
      this.byUrl.set(url, known);
      this.routes.push({ pattern: patternOf(url), methods: known });
    }
    for (const method of typeof methods === 'string' ? [methods] : methods) known.add(method.toUpperCase());
  }

  /** The methods some route answers on this concrete path, sorted; empty when none matches it. */
  allowedOn(path: string): string[] {
    const allowed = new Set<string>();
    for (const route of this.routes)
      if (route.pattern.test(path)) for (const method of route.methods) allowed.add(method);
    return [...allowed].sort();
  }
}

// find-my-way's syntax as our routes use it: `:name` is one segment, `*` the rest of the path.
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}
