export {
  APP_LABELS,
  EMBEDDED_PORTS,
  POD_NAMES,
  SERVICE_NAMES,
  isServiceName,
  peerClientName,
  type ServiceName,
} from './service-names.ts';
export { BUTTERFLY_VERSION } from './version.ts';
