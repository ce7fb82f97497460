/**
 * Loads a registry entry, a migration or a seed generator by its path. From the sources (tsx,
 * ts-jest) TypeScript already loads. From the build (`dist/`, JavaScript) tsx's require hook is
 * registered on the first `.ts` file only: the package's own registry and seeds are compiled,
 * while its migrations (whose checksums are those of their TypeScript text) and the files of
 * extra registry roots (`--registry`, QUENTY_REGISTRY_PATH) are TypeScript.
 */
let tsRegistered = /\.[cm]?ts$/.test(__filename);

export function requireFile(file: string): unknown {
  if (!tsRegistered && /\.[cm]?tsx?$/.test(file)) {
    (require('tsx/cjs/api') as { register(): () => void }).register();
    tsRegistered = true;
  }
  return require(file);
}
