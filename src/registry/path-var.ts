/**
 * Extra registry roots from the environment: `QUENTY_REGISTRY_PATH`, folders separated by the
 * platform's path delimiter (`:` on Linux), each laid out like the package
 * (`databases/<name>/`, `migrations/<name>/`, `seeds/<name>/`, `schema/<name>.json`).
 * A module of its own so that the CLI names it without loading the registry (and zod).
 */
export const REGISTRY_PATH_VAR = 'QUENTY_REGISTRY_PATH';
