import fastifyPlugin from 'fastify-plugin';
import { parseStrictJson } from '../kit/json/index.ts';

/**
 * The one body parser of the app: `application/json` (with any parameters, e.g. charset) read
 * by `parseStrictJson`, so a body with NUL, a lone surrogate, `__proto__`, `1e999`, an unsafe
 * integer or too deep a nesting is refused with 400 naming the field before any route runs.
 * Every other content type has no parser and is 415 BFY_ERR_UNSUPPORTED_MEDIA_TYPE (Fastify's own
 * `text/plain` parser is removed: no route of ours reads text).
 */
export const strictBody = fastifyPlugin<{ bodyLimitBytes: number }>(
  async (app, { bodyLimitBytes }) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
      try {
        done(null, parseStrictJson(body, { limits: { maxBytes: bodyLimitBytes } }));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
  },
  { name: 'butterfly-strict-body' },
);
