export { PgliteClient } from './pglite-client.ts';
