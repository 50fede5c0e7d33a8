export { hostileFailingRun, passingRun, sampleSuite, samplesFor, T0 } from './sample-suite.ts';
