'use strict';
// Worker entry: plain JavaScript so that it starts the same under tsx, ts-jest and node;
// it registers tsx and runs the TypeScript generator loop.
require('tsx/cjs');
require('./worker-main.ts');
