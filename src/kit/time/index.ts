export { systemClock, type Clock, type TimerHandle } from './clock.ts';
export { DURATION_FORMAT, formatDuration, parseDuration } from './duration.ts';
