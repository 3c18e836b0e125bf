// The synthetic partnership (DESIGN.md §3 `simulate/`): a pure engine that writes agency feeds with
// realistic identity noise, exploitation scenarios and ground truth to a folder. No database, no HTTP.
export { simulate, FORMAT_VERSION, type SimulateOptions, type SimulationSummary } from './run.ts';
export {
  PARAMETERS,
  PROFILES,
  NOISE,
  NOISE_SOURCE,
  type ProfileName,
  type Param,
  type NoiseRates,
} from './parameters.ts';
export { isValidNhsNumber, isValidUpn, nhsCheckDigit, upnCheckLetter } from './identifiers.ts';
export { nicknames } from './noise.ts';
export { schoolDays } from './feeds/education.ts';
export { Rng } from './prng.ts';
