export { cassandraMavenCommand, cassandraPom } from './cassandra-install.ts';
export {
  SCHEMATHESIS_VERSION,
  schemathesisBin,
  schemathesisCommands,
  schemathesisHome,
} from './schemathesis-install.ts';
export { hostFacts, installBlockers, type HostFacts } from './host-check.ts';
export {
  APT_PACKAGES,
  engineUsers,
  missingEngineUsers,
  missingForLocalProfile,
  type EngineUser,
} from './requirements.ts';
export {
  manualInstructions,
  missingPackages,
  runSetup,
  type CommandRunner,
  type SetupOptions,
} from './run-setup.ts';
