// Placeholder owned by the chaos RUNNER: its `run`, `report` and `cleanup` subcommands go here.
import type { Command } from './command.ts';

/** The `butterfly chaos` subcommands that run experiments (run, report, cleanup). */
export const chaosRunCommands: readonly Command[] = [];
