import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const ASSETS_DIR = fileURLToPath(new URL('./assets', import.meta.url));
// uPlot is served from node_modules: the page works with no network and no build step.
const UPLOT_DIR = dirname(createRequire(import.meta.url).resolve('uplot'));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Every file the page may load, by URL path; nothing outside this list is served. */
function assetFiles(): Map<string, string> {
  const files = new Map<string, string>([
    ['/', join(ASSETS_DIR, 'index.html')],
    ['/vendor/uplot.js', join(UPLOT_DIR, 'uPlot.esm.js')],
    ['/vendor/uplot.css', join(UPLOT_DIR, 'uPlot.min.css')],
  ]);
  for (const name of readdirSync(ASSETS_DIR)) {
    if (name !== 'index.html' && TYPES[extname(name)]) files.set(`/assets/${name}`, join(ASSETS_DIR, name));
  }
  return files;
}

/** Serves the page, its modules and styles, read once at start. */
export function assetRoutes(app: FastifyInstance): void {
  for (const [path, file] of assetFiles()) {
    const body = readFileSync(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    app.get(path, { config: { access: 'public' } }, async (_request, reply) =>
      reply.header('content-type', type).header('cache-control', 'no-cache').send(body),
    );
  }
}
