export { RIM_ID_PATTERN, RIM_ID_RULE, isRimId, rimIdSchema } from './rim-id.ts';
