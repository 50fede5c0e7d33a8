import { ERROR_CODES, httpStatusOf, type ErrorCode } from '../kit/errors/index.ts';

/** What the document needs to know of a route beyond its schema. */
export interface RouteFacts {
  /** `public` routes need no credentials. */
  readonly access: string;
}

/** The envelope as JSON Schema: every error answer's body (src/host/error-envelope). */
export const ERROR_ENVELOPE_SCHEMA = {
  type: 'object',
  required: ['error', 'correlationId'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_CODES) },
        message: { type: 'string' },
        details: { type: 'object', additionalProperties: true },
      },
    },
    correlationId: { type: 'string' },
  },
} as const;

type Parameter = { in?: string; schema?: { type?: string; maxLength?: number } };
type Operation = {
  parameters?: Parameter[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  security?: unknown;
};
type Document = {
  paths?: Record<string, Record<string, Operation>>;
  security?: unknown;
  components?: { securitySchemes?: unknown };
};

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** The error codes any operation of this shape can answer, whatever its logic. */
export function errorCodesOf(
  path: string,
  operation: Operation,
  facts: RouteFacts,
  authOn: boolean,
): ErrorCode[] {
  // X-Tenant-ID and the query are checked on every route; the shutdown gate answers any route.
  const codes: ErrorCode[] = ['BFY_ERR_VALIDATION_FAILED', 'BFY_ERR_INTERNAL', 'BFY_ERR_SERVICE_UNAVAILABLE'];
  if (authOn && facts.access !== 'public') codes.push('BFY_ERR_UNAUTHORIZED', 'BFY_ERR_FORBIDDEN');
  if (operation.requestBody)
    codes.push('BFY_ERR_MALFORMED_BODY', 'BFY_ERR_PAYLOAD_TOO_LARGE', 'BFY_ERR_UNSUPPORTED_MEDIA_TYPE');
  if (path.includes('{'))
    codes.push('BFY_ERR_NOT_FOUND', 'BFY_ERR_URI_TOO_LONG', 'BFY_ERR_MALFORMED_REQUEST');
  return codes;
}

/**
 * Makes the generated document say what the service answers: every error status of every
 * operation with the envelope schema and the codes behind it, and security only when auth is on
 * (public routes then say `security: []`).
 */
export function withErrorAnswers(
  document: Document,
  factsOf: (method: string, path: string) => RouteFacts,
  authOn: boolean,
): Document {
  if (!authOn) {
    delete document.security;
    if (document.components) delete document.components.securitySchemes;
  }
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const facts = factsOf(method.toUpperCase(), path);
      if (authOn && facts.access === 'public') operation.security = [];
      for (const parameter of operation.parameters ?? []) limitPathParameter(parameter);
      // A status the route declares itself (409, 429, a health check's 503…) keeps its own schema.
      operation.responses = {
        ...errorResponses(errorCodesOf(path, operation, facts, authOn)),
        ...operation.responses,
      };
    }
  }
  return document;
}

// The router refuses a path parameter over maxParamLength (100) with 414 before any schema runs.
const MAX_PARAM_LENGTH = 100;

function limitPathParameter(parameter: Parameter): void {
  const schema = parameter.schema;
  if (parameter.in !== 'path' || !schema || (schema.type !== undefined && schema.type !== 'string')) return;
  schema.maxLength = Math.min(schema.maxLength ?? MAX_PARAM_LENGTH, MAX_PARAM_LENGTH);
}

function errorResponses(codes: readonly ErrorCode[]): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes)
    byStatus.set(httpStatusOf(code), [...(byStatus.get(httpStatusOf(code)) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, named]) => [
      String(status),
      {
        description: `Error envelope: ${named.join(', ')}`,
        content: { 'application/json': { schema: ERROR_ENVELOPE_SCHEMA } },
      },
    ]),
  );
}
