'use strict';
// Worker entry: plain JavaScript so that it starts the same under tsx, ts-jest and node. From
// the sources it registers tsx and runs the TypeScript generator loop; from the build (dist/,
// where scripts/build.js copies this file) it runs the compiled one, which registers tsx only if
// a generator file is TypeScript (src/util/require-file.ts).
const fs = require('node:fs');
const path = require('node:path');

if (fs.existsSync(path.join(__dirname, 'worker-main.js'))) {
  require('./worker-main.js');
} else {
  require('tsx/cjs');
  require('./worker-main.ts');
}
