// Runs the benchmark scenarios against the real core and provider emulators, prints a table and
// writes bench/results.json. `npm run bench` starts it; `npm run bench -- cache storm` runs only
// the named groups; SIGNET_BENCH_SCALE=0.2 shortens every loop (for a quick look, not for numbers).
import { setMaxListeners } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatTable, machine, type ScenarioResult } from './report.js';
import { agentScenarios } from './scenarios/agent.js';
import { coldStartScenarios } from './scenarios/cold-start.js';
import { directPathScenarios } from './scenarios/direct-path.js';
import { footprintScenarios } from './scenarios/footprint.js';
import { launchScenario } from './scenarios/launch.js';
import { refreshStormScenario } from './scenarios/refresh-storm.js';
import { signInScenarios } from './scenarios/sign-in.js';
import { tokenCacheScenarios } from './scenarios/token-cache.js';
import { settle } from './timing.js';

const groups: Record<string, (scale: number) => Promise<ScenarioResult[]>> = {
  cache: tokenCacheScenarios,
  storm: async (scale) => [await refreshStormScenario(scale)],
  launch: async () => [await launchScenario()],
  'cold-start': coldStartScenarios,
  'sign-in': signInScenarios,
  footprint: footprintScenarios,
  agent: agentScenarios,
  direct: directPathScenarios,
};

// The emulators sleep on one abort signal per request: 16 refreshes at once are not a leak.
setMaxListeners(100);

const scale = Number(process.env['SIGNET_BENCH_SCALE'] ?? '1');
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = wanted.filter((name) => !(name in groups));
if (unknown.length > 0) {
  console.error(
    `bench: unknown scenario group ${unknown.join(', ')}; known: ${Object.keys(groups).join(', ')}`,
  );
  process.exit(2);
}

const started = Date.now();
const results: ScenarioResult[] = [];
for (const [name, run] of Object.entries(groups)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  const groupStarted = Date.now();
  results.push(...(await run(scale)));
  process.stderr.write(`bench: ${name} took ${((Date.now() - groupStarted) / 1000).toFixed(1)} s\n`);
  await settle();
}

const report = {
  machine: machine(),
  scale,
  durationSeconds: (Date.now() - started) / 1000,
  scenarios: results,
};
const file = path.join(import.meta.dirname, 'results.json');
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(formatTable(results));
console.log(
  `\n${results.filter((r) => r.met === false).length} target(s) missed; results in ${path.relative(process.cwd(), file)}`,
);
