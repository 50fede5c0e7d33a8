// The `butterfly` process: run the command line and exit with its code.
import { main } from './program.ts';

process.exitCode = await main(process.argv.slice(2));
