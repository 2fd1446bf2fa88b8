/**
 * Runs one experiment from the command line, with flags derived from its zod schema.
 *
 *   npm run experiment -- <id> [--param value ...] [--backend wasm|cpu] [--workers N] [--json]
 *   (--workers: threads for an experiment split into independent runs; default the core count)
 *   npm run experiment -- <id> --help
 */
import { registry, type AnySpec, type Registry } from '../src/experiments/registry.ts';
import { selectNodeBackend } from '../src/experiments/runtime/backends-node.ts';
import { runToEnd } from '../src/experiments/runtime/consume.ts';
import { canPool, defaultWorkers, runPooled } from '../src/experiments/runtime/pool-node.ts';
import { acceptedValues, describeField, formatValue } from '../src/experiments/runtime/fields.ts';
import { parseParams } from '../src/experiments/runtime/params.ts';
import { publishedConfig } from '../src/experiments/runtime/spec.ts';

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The CLI's list of experiments. */
export function usage(from: Registry = registry): string {
  return `usage: npm run experiment -- <id> [--param value ...] [--json]\nexperiments:\n${from.specs.map((e) => `  ${e.id.padEnd(34)} ${e.title}`).join('\n')}`;
}

/** `--help` of one experiment: its flags, what each accepts, its default (= the published config). */
export function help(spec: AnySpec): string {
  const defaults = publishedConfig(spec) as Record<string, unknown>;
  const lines = Object.entries(spec.schema.shape as Record<string, import('zod').ZodType>).map(([key, field]) => {
    const described = describeField(field);
    return `  --${kebab(key).padEnd(22)} ${described.description} [${acceptedValues(described)}; default ${formatValue(defaults[key])}]`;
  });
  return `${spec.id}: ${spec.title}\n${spec.description}\n\n${lines.join('\n')}`;
}

async function main(args: string[]): Promise<void> {
  const id = args.shift();
  if (!id || id === '--help') {
    console.log(usage());
    process.exit(id ? 0 : 2);
  }
  const spec = registry.get(id);
  let json = false;
  let backend: 'cpu' | 'wasm' = 'wasm';
  let workers = defaultWorkers();
  const pairs: [string, string][] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--help') {
      console.log(help(spec));
      process.exit(0);
    } else if (arg === '--backend') backend = args[++i] === 'cpu' ? 'cpu' : 'wasm';
    else if (arg === '--workers') {
      const value = args[++i];
      workers = Number(value);
      if (!Number.isInteger(workers) || workers < 1) {
        console.error(`--workers must be a whole number from 1 up, not "${value}"`);
        process.exit(2);
      }
    }
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

  const parsed = parseParams(spec.schema, pairs);
  if (parsed.issues.length > 0) {
    for (const issue of parsed.issues) console.error(`--${kebab(issue.key)} ${issue.value}: ${issue.message}`);
    process.exit(2);
  }
  const experiment = (await spec.engine()).default;
  const chosen = await selectNodeBackend(backend);
  const started = performance.now();
  const show = (progress: { done: number; total: number }) => {
    if (!json) process.stderr.write(`\r${Math.floor(progress.done)}/${progress.total}`);
  };
  const result =
    workers > 1 && canPool(experiment)
      ? await runPooled(experiment, parsed.config, { workers, backend: chosen.backend === 'cpu' ? 'cpu' : 'wasm', onProgress: show })
      : await runToEnd(experiment, parsed.config, {}, (snapshot) => show(snapshot.progress));
  const wallTimeMs = Math.round(performance.now() - started);
  if (json) {
    console.log(JSON.stringify({ experiment: experiment.id, config: parsed.config, backend: chosen.backend, wallTimeMs, result }));
  } else {
    process.stderr.write('\n');
    const summary = experiment.summarize ? experiment.summarize(result) : { result: JSON.stringify(result).slice(0, 400) };
    console.table(summary);
    console.log(`${experiment.id} on ${chosen.backend} in ${wallTimeMs} ms`);
  }
}

if (import.meta.main ?? process.argv[1]?.endsWith('experiment.ts')) await main(process.argv.slice(2));
