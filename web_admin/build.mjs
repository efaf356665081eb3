// Builds the console into dist/ (or the folder given): one bundled app.js
// (our code and the npm packages it imports), plus index.html and app.css.
// Everything the browser loads comes from kasane serve itself.
import { build } from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, process.argv[2] ?? 'dist');

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: [path.join(here, 'src/main.js')],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  outfile: path.join(out, 'app.js'),
  legalComments: 'linked',
  logLevel: 'warning',
});
for (const file of ['index.html', 'app.css', 'favicon.svg']) {
  await cp(path.join(here, 'src', file), path.join(out, file));
}
console.log(`console built into ${out}`);
