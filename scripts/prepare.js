// `npm install` and `npm ci` build the project (tsc into dist/). `npx pika-mc` in a clone makes npm
// install the clone itself into its npx cache, which runs this script again: dist/ is already
// built by then, so building a second time would only make the first `npx pika-mc` take a minute.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (process.env.npm_command !== 'exec' || !existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
  execSync('npm run build', { stdio: 'inherit' });
}
