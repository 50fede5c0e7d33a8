import type { ServiceDefinition } from '../host/index.ts';
import type { ServiceName } from '../kit/platform/index.ts';
import { capsuleService } from './capsule/index.ts';
import { nexusService } from './nexus/index.ts';
import { odysseyService } from './odyssey/index.ts';
import { perceptionService } from './perception/index.ts';
import { platoService } from './plato/index.ts';
import { synapseService } from './synapse/index.ts';

/** The six services, by name. */
export const SERVICES: Readonly<Record<ServiceName, ServiceDefinition>> = {
  perception: perceptionService,
  capsule: capsuleService,
  odyssey: odysseyService,
  plato: platoService,
  nexus: nexusService,
  synapse: synapseService,
};
