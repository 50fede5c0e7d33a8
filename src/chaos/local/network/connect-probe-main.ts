/**
 * The connection probe run as another uid (an engine pod's): uid-matched rules only see packets
 * of sockets that uid owns. Reads the attempt and count from argv, prints the counted result.
 */
import { connectMany, type ConnectAttempt } from './connect-attempt.ts';

const { attempt, count } = JSON.parse(process.argv[2] ?? '{}') as { attempt: ConnectAttempt; count: number };
process.stdout.write(`${JSON.stringify(await connectMany(attempt, count))}\n`);
