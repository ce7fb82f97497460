/** The CLI as a program: `npx tsx src/cli/index.ts <command>` from the sources, `dist/src/cli/index.js` from the build (bin/quenty-db). */
import { main } from './main';

main(process.argv).then((code) => process.exit(code));
