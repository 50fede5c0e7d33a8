export { systemClock, type Clock, type TimerHandle } from './clock.ts';
export { withDeadline } from './deadline.ts';
export { DURATION_FORMAT, formatDuration, parseDuration } from './duration.ts';
export { ISO_DURATION_FORMAT, parseIsoDuration, type IsoDurationParse } from './iso-duration.ts';
export { pollUntil, type PollOptions, type PollOutcome } from './poll-until.ts';
