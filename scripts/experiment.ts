/**
 * Runs one experiment from the command line, with flags derived from its zod schema.
 *
 *   npm run experiment -- <id> [--param value ...] [--backend wasm|cpu] [--json]
 *   npm run experiment -- <id> --help
 */
import { experiments, getExperiment } from '../src/experiments/registry.ts';
import { selectNodeBackend } from '../src/experiments/runtime/backends-node.ts';
import { runToEnd } from '../src/experiments/runtime/consume.ts';
import { parseParams, describeAccepted, formatValue } from '../src/experiments/runtime/params.ts';

const args = process.argv.slice(2);
const id = args.shift();
if (!id || id === '--help') {
  console.log(`usage: npm run experiment -- <id> [--param value ...] [--json]\nexperiments:\n${experiments.map((e) => `  ${e.id.padEnd(34)} ${e.title}`).join('\n')}`);
  process.exit(id ? 0 : 2);
}
const experiment = getExperiment(id);
const shape = experiment.schema.shape as Record<string, import('zod').ZodType>;
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

let json = false;
let backend: 'cpu' | 'wasm' = 'wasm';
const pairs: [string, string][] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--json') json = true;
  else if (arg === '--help') {
    const defaults = experiment.schema.parse({}) as Record<string, unknown>;
    console.log(`${experiment.id}: ${experiment.title}\n${experiment.description}\n`);
    for (const [key, field] of Object.entries(shape)) {
      console.log(`  --${kebab(key).padEnd(22)} ${field.description ?? ''} [${describeAccepted(field)}; default ${formatValue(defaults[key])}]`);
    }
    process.exit(0);
  } else if (arg === '--backend') backend = args[++i] === 'cpu' ? 'cpu' : 'wasm';
  else if (arg.startsWith('--')) {
    const [flag, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const value = inline ?? args[++i];
    if (value === undefined) {
      console.error(`--${flag} needs a value`);
      process.exit(2);
    }
    pairs.push([camel(flag), value]);
  } else {
    console.error(`unexpected argument: ${arg}`);
    process.exit(2);
  }
}

const parsed = parseParams(experiment.schema, pairs);
if (parsed.issues.length > 0) {
  for (const issue of parsed.issues) console.error(`--${kebab(issue.key)} ${issue.value}: ${issue.message}`);
  process.exit(2);
}
const chosen = await selectNodeBackend(backend);
const started = performance.now();
const result = await runToEnd(experiment, parsed.config, {}, (snapshot) => {
  if (!json) process.stderr.write(`\r${snapshot.progress.done}/${snapshot.progress.total}`);
});
const wallTimeMs = Math.round(performance.now() - started);
if (json) {
  console.log(JSON.stringify({ experiment: experiment.id, config: parsed.config, backend: chosen.backend, wallTimeMs, result }));
} else {
  process.stderr.write('\n');
  const summary = experiment.summarize ? experiment.summarize(result) : { result: JSON.stringify(result).slice(0, 400) };
  console.table(summary);
  console.log(`${experiment.id} on ${chosen.backend} in ${wallTimeMs} ms`);
}
