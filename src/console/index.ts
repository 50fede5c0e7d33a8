export { buildConsole, type ConsoleOptions } from './console-server.ts';
