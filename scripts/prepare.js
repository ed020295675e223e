// `npm install` and `npm ci` in a clone, and an install from a git URL, build the project (tsc into
// dist/). A packed copy (`npm pack`, a tarball install) ships dist/ built and no TypeScript sources:
// it is never built again, and so needs none of the devDependencies. `npx pika-mc` in a clone makes
// npm install the clone itself into its npx cache, which runs this script again: dist/ is already
// built by then, so building a second time would only make the first `npx pika-mc` take a minute.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const built = existsSync(new URL('../dist/cli/main.js', import.meta.url));
const sources = existsSync(new URL('../checker/index.ts', import.meta.url));

if (sources && (process.env.npm_command !== 'exec' || !built)) {
  execSync('npm run build', { stdio: 'inherit' });
}
