export { cut, healthyObservations, serviceOf } from './observations-fixture.ts';
