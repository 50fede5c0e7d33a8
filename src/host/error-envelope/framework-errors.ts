import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../kit/errors/index.ts';
import { envelopeReply, toErrorReply } from './error-envelope.ts';

/**
 * Fastify's `frameworkErrors`: what the router refuses before any route or hook (a path
 * parameter over `maxParamLength`, a URL that does not decode) answered in the envelope.
 */
export function frameworkErrorReply(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const answer = toErrorReply(error, request.id);
  void reply.code(answer.status).header('x-correlation-id', request.id).send(answer.envelope);
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refuses (headers over
 * `--max-http-header-size`, not HTTP at all) never reaches Fastify, so the envelope is written
 * on the socket here, with a fresh correlation id since none was read.
 */
export function clientErrorReply(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset or destroyed connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, message] = clientErrorOf(error.code);
  const answer = envelopeReply(code, message, randomUUID());
  const body = JSON.stringify(answer.envelope);
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}

function clientErrorOf(code: string | undefined): [ErrorCode, string] {
  if (code === 'HPE_HEADER_OVERFLOW')
    return ['BFY_ERR_HEADERS_TOO_LARGE', 'the request headers exceed the 16 KiB the server accepts'];
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return ['BFY_ERR_REQUEST_TIMEOUT', 'the request was not received in full before the server timed out'];
  return [
    'BFY_ERR_MALFORMED_REQUEST',
    `the request is not valid HTTP/1.1 (${code ?? 'unknown parse error'})`,
  ];
}
