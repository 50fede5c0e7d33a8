import { z } from 'zod';
import { GO_DURATION_FORMAT, parseGoDuration } from './go-duration.ts';

/**
 * A strict object of a manifest: any field outside `shape` is an issue whose message lists the
 * supported fields, so a file using a Chaos Mesh field we do not implement (`bandwidth`,
 * `externalTargets`…) is refused by name instead of being silently ignored.
 */
export function manifestObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const supported = `supported fields: ${Object.keys(shape).join(', ')}`;
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? supported : undefined),
  });
}

/** A Go duration string (`30s`, `1m30s`) → milliseconds. */
export const goDurationField = z.string().transform((text, context) => {
  const ms = parseGoDuration(text);
  if (ms === undefined) {
    context.addIssue({ code: 'custom', message: `expected ${GO_DURATION_FORMAT}; got '${text}'` });
    return z.NEVER;
  }
  return ms;
});

/** A Kubernetes object or template name (DNS-1123 subdomain), as Chaos Mesh's webhook demands. */
export const dnsName = z
  .string()
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    'expected a DNS-1123 name: lower-case letters, digits, - and . (e.g. capsule-odyssey-partition)',
  );

/** A percentage written as a string, as Chaos Mesh types `loss`, `correlation`: '0'..'100'. */
export const percentString = z
  .string({ error: "expected a quoted percentage, e.g. '25' (Chaos Mesh types it as a string)" })
  .regex(/^\d+(\.\d+)?$/, "expected a percentage 0-100, e.g. '25'")
  .transform(Number)
  .refine((value) => value <= 100, 'expected a percentage 0-100');

/** An HTTP status code. */
export const httpStatus = z.int().min(100).max(599);

/** A string → string map (labels, annotations, headers). */
export const stringMap = z.record(z.string(), z.string());
