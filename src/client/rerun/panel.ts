import '../zod-jitless.ts'; // before zod parses anything: no CSP report from its JIT probe
import * as Plot from '@observablehq/plot';
import type { z } from 'zod';
import { schemas, parameterAliases } from '../../experiments/schemas.ts';
import { baseType, describeAccepted, formatValue, coerceValue, parseParams, toParams } from '../../experiments/runtime/params.ts';
import { BACKENDS, type BackendName } from '../../experiments/runtime/backend-names.ts';
import { readPublishedData } from '../../experiments/runtime/data-file.ts';
import type { Comparison, WorkerMessage } from '../../experiments/runtime/protocol.ts';
import { findFigure } from '../../figures/catalog.ts';
import { normaliseForStaticHtml } from '../../figures/normalise.ts';
import type { FigureDefinition } from '../../figures/types.ts';
import { AUTO_BACKENDS, startRun, type RunHandle } from './host.ts';
import { deleteRun, listRuns, saveRun, type StoredRun } from './storage.ts';
import { download, figureSvg, svgToPng, toCsv } from './exports.ts';
import type { RerunMeta } from './meta.ts';

type Field = z.ZodType;

/**
 * A reader's run is kept to about a minute: parameter limits alone cannot promise it (the cost is a
 * product of sizes), so the projection from the first seconds of the run decides, on the reader's own
 * computer. The reader can allow longer runs.
 */
const RUN_BUDGET_S = 60;
const BUDGET_GRACE_MS = 2_500;

/** Creates an element with attributes and children; text is always set as text, never as HTML. */
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | boolean> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === false) continue;
    element.setAttribute(key, value === true ? '' : value);
  }
  element.append(...children);
  return element;
}

const fieldKind = (field: Field) => (baseType(field) as unknown as { def: { type: string } }).def.type;
const seconds = (ms: number) => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

/** Draws a figure's panels into its container, from a result (and the published one beneath). */
function drawFigure(container: Element, figure: FigureDefinition, result: unknown, published: unknown): void {
  const width = Math.max(280, Math.min(720, container.clientWidth - 32));
  const panels = figure.spec(result, { width, published }).map((options, index, all) => {
    const node = Plot.plot({ ...options, ariaLabel: options.ariaLabel ?? `${figure.title}${all.length > 1 ? `, panel ${index + 1} of ${all.length}` : ''}` }) as Element;
    normaliseForStaticHtml(node);
    return h('div', { class: 'figure-panel' }, node);
  });
  container.replaceChildren(...panels);
}

export async function mountPanel(root: HTMLElement): Promise<void> {
  const meta = JSON.parse(root.querySelector('[data-rerun-meta]')?.textContent ?? 'null') as RerunMeta | null;
  if (!meta) throw new Error('This figure has no rerun description.');
  const schema = schemas[meta.id];
  if (!schema) throw new Error(`Unknown experiment "${meta.id}".`);
  const shape = schema.shape as Record<string, Field>;
  const reduced = schema.parse(meta.presets.reduced) as Record<string, unknown>;
  const figure = meta.figureId ? findFigure(meta.figureId) : undefined;
  const figureElement = meta.figureId ? document.getElementById(meta.figureId) : null;
  const panelsContainer = figureElement?.querySelector('[data-figure-panels]') ?? null;

  let config: Record<string, unknown> = reduced;
  const body = root.querySelector<HTMLElement>('[data-rerun-body]') ?? root.appendChild(h('div', { class: 'rerun-body' }));
  body.hidden = false;
  body.replaceChildren();

  // URL parameters (experiment pages): parse = validate; every problem listed, defaults kept.
  const urlIssues = h('div', { class: 'rerun-issues', role: 'alert', hidden: true });
  // Test hook, not a parameter: `debug-lose-context=N` loses the WebGL context after N snapshots.
  const pageParams = new URLSearchParams(location.search);
  const debugLoseContext = pageParams.get('debug-lose-context');
  pageParams.delete('debug-lose-context');
  if (meta.readsUrl && [...pageParams.keys()].length > 0) {
    const parsed = parseParams(schema, pageParams, parameterAliases[meta.id], reduced as z.output<typeof schema>);
    config = parsed.config as Record<string, unknown>;
    if (parsed.issues.length > 0) {
      urlIssues.hidden = false;
      urlIssues.append(
        h('p', {}, `Some parameters in this address were not used; the defaults stand in for them:`),
        h('ul', {}, ...parsed.issues.map((issue) => h('li', {}, h('code', {}, issue.key), issue.value ? ` = “${issue.value}”: ` : ': ', issue.message))),
      );
    }
  }

  // Controls, from the schema.
  const form = h('form', { class: 'rerun-form', novalidate: true });
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const messages = new Map<string, HTMLElement>();
  for (const [key, field] of Object.entries(shape)) {
    const id = `${root.id || meta.id}-${key}`;
    const kind = fieldKind(field);
    const base = baseType(field) as unknown as { minValue?: number | null; maxValue?: number | null; isInt?: boolean; def: { entries?: Record<string, string> } };
    let input: HTMLInputElement | HTMLSelectElement;
    if (kind === 'enum') {
      input = h('select', { id, name: key }, ...Object.values(base.def.entries ?? {}).map((v) => h('option', { value: v }, v)));
    } else if (kind === 'boolean') {
      input = h('input', { id, name: key, type: 'checkbox' });
    } else if (kind === 'number') {
      input = h('input', { id, name: key, type: 'number', inputmode: base.isInt ? 'numeric' : 'decimal', step: base.isInt ? '1' : 'any' });
      if (base.minValue != null && Number.isFinite(base.minValue)) input.setAttribute('min', String(base.minValue));
      if (base.maxValue != null && Number.isFinite(base.maxValue)) input.setAttribute('max', String(base.maxValue));
    } else {
      input = h('input', { id, name: key, type: 'text', spellcheck: 'false', autocomplete: 'off' });
    }
    if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = config[key] === true;
    else input.value = formatValue(config[key]);
    const message = h('span', { class: 'field-message', id: `${id}-message`, 'aria-live': 'polite' });
    input.setAttribute('aria-describedby', `${id}-message ${id}-help`);
    inputs.set(key, input);
    messages.set(key, message);
    form.append(
      h('div', { class: 'rerun-field' },
        h('label', { for: id }, key),
        input,
        h('span', { class: 'field-help', id: `${id}-help` }, `${field.description ?? ''} (${describeAccepted(field).replace(/^must be /, '')})`),
        message,
      ),
    );
  }
  const backendSelect = h('select', { id: `${meta.id}-backend`, name: 'backend' }, h('option', { value: 'auto' }, 'auto (wasm, then webgl, then cpu)'), ...BACKENDS.map((b) => h('option', { value: b }, b)));
  form.append(h('div', { class: 'rerun-field' }, h('label', { for: backendSelect.id }, 'backend'), backendSelect, h('span', { class: 'field-help' }, 'Where the tensors are computed. WebGPU is never chosen automatically.')));
  const allowLong = h('input', { type: 'checkbox', id: `${meta.id}-allow-long`, name: 'allowLong' });
  form.append(
    h('div', { class: 'rerun-field rerun-allow-long' },
      h('label', { for: allowLong.id }, 'allow long runs'),
      allowLong,
      h('span', { class: 'field-help' }, `Runs projected to take over ${RUN_BUDGET_S} s on this computer stop early unless this is ticked.`),
    ),
  );

  const runButton = h('button', { type: 'submit', class: 'rerun-run' }, 'Run');
  const cancelButton = h('button', { type: 'button', class: 'secondary rerun-cancel', disabled: true }, 'Cancel');
  const resetButton = h('button', { type: 'button', class: 'secondary rerun-reset' }, 'Reset to the published reduced run');
  form.append(h('div', { class: 'rerun-actions' }, runButton, cancelButton, resetButton));

  const progress = h('progress', { class: 'rerun-progress', max: '1', value: '0', 'aria-label': `Progress of the ${meta.title} rerun` });
  const status = h('p', { class: 'rerun-status', role: 'status', 'aria-live': 'polite' }, 'Ready. The run happens in your browser; nothing is uploaded.');
  const notices = h('ul', { class: 'rerun-notices', 'aria-live': 'polite' });
  const summary = h('div', { class: 'rerun-summary', 'aria-live': 'polite' });
  const exportsBar = h('div', { class: 'rerun-exports', hidden: true });
  const runsList = h('ul', { class: 'rerun-runs' });
  body.append(
    h('h3', { class: 'rerun-heading' }, `Rerun: ${meta.title}`),
    urlIssues,
    form,
    progress,
    status,
    notices,
    summary,
    exportsBar,
    h('h4', {}, 'Your runs'),
    runsList,
  );

  // The published reduced run, drawn beneath the reader's curves.
  let publishedReduced: unknown;
  if (meta.reducedDataUrl) {
    try {
      const response = await fetch(meta.reducedDataUrl);
      if (response.ok) publishedReduced = readPublishedData(await response.text(), meta.id, 'published reduced run').result;
    } catch {
      /* shown without the overlay */
    }
  }

  const readForm = (): { config: Record<string, unknown> | null } => {
    const next: Record<string, unknown> = {};
    let ok = true;
    for (const [key, field] of Object.entries(shape)) {
      const input = inputs.get(key)!;
      const raw = input instanceof HTMLInputElement && input.type === 'checkbox' ? String(input.checked) : input.value;
      const result = field.safeParse(coerceValue(field, raw));
      const message = messages.get(key)!;
      if (result.success) {
        next[key] = result.data;
        message.textContent = '';
        input.removeAttribute('aria-invalid');
      } else {
        ok = false;
        message.textContent = `${key} ${describeAccepted(field)}.`;
        input.setAttribute('aria-invalid', 'true');
      }
    }
    if (!ok) return { config: null };
    const whole = schema.safeParse(next);
    if (!whole.success) {
      status.textContent = whole.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ');
      return { config: null };
    }
    return { config: whole.data as Record<string, unknown> };
  };

  const updateUrl = (next: Record<string, unknown>) => {
    if (!meta.readsUrl) return;
    const params = new URLSearchParams(toParams(schema, next as z.output<typeof schema>, reduced as z.output<typeof schema>));
    const search = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
  };
  form.addEventListener('input', () => {
    const { config: next } = readForm();
    if (next) {
      config = next;
      updateUrl(next);
    }
  });
  resetButton.addEventListener('click', () => {
    for (const [key, input] of inputs) {
      if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = reduced[key] === true;
      else input.value = formatValue(reduced[key]);
    }
    config = reduced;
    updateUrl(reduced);
    readForm();
  });

  const permalink = (runConfig: Record<string, unknown>) => {
    const params = new URLSearchParams(toParams(schema, runConfig as z.output<typeof schema>, reduced as z.output<typeof schema>));
    const search = params.toString();
    return `${meta.experimentUrl}${search ? `?${search}` : ''}`;
  };

  const showResult = (result: unknown) => {
    if (figure && panelsContainer) drawFigure(panelsContainer, figure, result, publishedReduced);
  };

  const renderRuns = async () => {
    const runs = await listRuns(meta.id).catch(() => [] as StoredRun[]);
    runsList.replaceChildren(
      ...(runs.length === 0
        ? [h('li', { class: 'note' }, 'None yet. Finished runs are kept in this browser (IndexedDB) until you delete them.')]
        : runs.map((run) => {
            const show = h('button', { type: 'button', class: 'secondary' }, 'Show');
            const remove = h('button', { type: 'button', class: 'secondary' }, 'Delete');
            show.addEventListener('click', () => showResult(run.result));
            remove.addEventListener('click', () => void deleteRun(run.id).then(renderRuns));
            const verdict = run.reproduced === null ? 'parameters differ from the published run' : run.reproduced ? 'reproduced the published run' : 'did not reproduce the published run';
            return h('li', { 'data-run-id': run.id },
              h('time', { datetime: run.createdAt }, new Date(run.createdAt).toLocaleString()),
              ` · ${run.backend} · ${seconds(run.wallTimeMs)} · ${verdict} · `,
              h('a', { href: permalink(run.config) }, 'permalink'),
              ' ', show, ' ', remove,
            );
          })),
    );
  };
  await renderRuns();

  let handle: RunHandle | null = null;
  /** Projected duration (ms) of a run stopped for going over the budget; 0 otherwise. */
  let overBudget = 0;
  let lastResult: { result: unknown; config: Record<string, unknown>; backend: string; tfjsVersion: string; wallTimeMs: number; createdAt: string } | null = null;

  const setRunning = (running: boolean) => {
    runButton.disabled = running;
    cancelButton.disabled = !running;
    for (const input of inputs.values()) input.disabled = running;
    backendSelect.disabled = running;
    allowLong.disabled = running;
    root.dataset.state = running ? 'running' : 'idle';
  };

  const describeComparison = (comparison: Comparison | null): { text: string; reproduced: boolean | null } => {
    if (!comparison) return { text: 'No published run to compare with.', reproduced: null };
    if (!comparison.sameConfig) {
      return { text: `Parameters differ from the published reduced run (${comparison.differences.join(', ')}), so the curves are not expected to match; the published run is drawn faintly beneath yours.`, reproduced: null };
    }
    const deviation = comparison.deviation.toExponential(2);
    return comparison.reproduced
      ? { text: `Reproduced the published run: ${comparison.metric} ${deviation} ≤ tolerance ${comparison.tolerance} (published on ${comparison.publishedBackend}).`, reproduced: true }
      : { text: `Did not reproduce the published run: ${comparison.metric} ${deviation} > tolerance ${comparison.tolerance} (published on ${comparison.publishedBackend}).`, reproduced: false };
  };

  let frame = 0;
  let pendingPartial: unknown;
  const scheduleDraw = (partial: unknown) => {
    pendingPartial = partial;
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      showResult(pendingPartial);
    });
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (handle) return;
    const { config: runConfig } = readForm();
    if (!runConfig) {
      status.textContent = 'Fix the parameters marked above, then run.';
      return;
    }
    const chosen = backendSelect.value as BackendName | 'auto';
    const backends = chosen === 'auto' ? AUTO_BACKENDS : [chosen, ...AUTO_BACKENDS.filter((b) => b !== chosen)];
    notices.replaceChildren();
    summary.replaceChildren();
    delete root.dataset.outcome;
    delete root.dataset.reproduced;
    delete root.dataset.overBudget;
    overBudget = 0;
    delete root.dataset.backend;
    exportsBar.hidden = true;
    progress.value = 0;
    const started = performance.now();
    setRunning(true);
    status.textContent = 'Starting: loading TensorFlow.js…';
    handle = startRun(
      {
        experiment: meta.id,
        config: runConfig,
        backends,
        baseUrl: new URL(import.meta.env.BASE_URL, location.href).href,
        compareWith: meta.reducedDataUrl ? { url: meta.reducedDataUrl, config: reduced } : undefined,
        snapshotIntervalMs: 250,
        loseContextAfterSnapshots: debugLoseContext === null ? undefined : Number(debugLoseContext) || 1,
      },
      (message: WorkerMessage) => {
        switch (message.type) {
          case 'backend':
            root.dataset.backend = message.backend;
            status.textContent = `Running on ${message.backend}…`;
            break;
          case 'notice':
            notices.append(h('li', { role: 'alert' }, message.message));
            break;
          case 'snapshot': {
            const { done, total } = message.progress;
            const projected = done > 0 ? (message.elapsedMs / done) * total : 0;
            if (!allowLong.checked && message.elapsedMs > BUDGET_GRACE_MS && projected > RUN_BUDGET_S * 1000 * 1.25) {
              overBudget = projected;
              handle?.cancel();
              break;
            }
            progress.max = total;
            progress.value = done;
            const left = done > 0 ? (message.elapsedMs / done) * (total - done) : Number.NaN;
            status.textContent = `${done} / ${total} done on ${root.dataset.backend ?? '…'} · ${seconds(message.elapsedMs)} elapsed${Number.isFinite(left) ? ` · about ${seconds(left)} left` : ''}`;
            scheduleDraw(message.partial);
            break;
          }
          case 'done': {
            progress.value = progress.max;
            cancelAnimationFrame(frame);
            frame = 0;
            showResult(message.result);
            const verdict = describeComparison(message.comparison);
            status.textContent = `Finished on ${message.backend} in ${seconds(message.wallTimeMs)}.`;
            summary.replaceChildren(h('p', { class: verdict.reproduced === false ? 'verdict verdict-fail' : 'verdict' }, verdict.text));
            root.dataset.reproduced = String(verdict.reproduced);
            lastResult = { result: message.result, config: runConfig, backend: message.backend, tfjsVersion: message.tfjsVersion, wallTimeMs: message.wallTimeMs, createdAt: new Date().toISOString() };
            void saveRun({ id: message.runId, experiment: meta.id, siteVersion: meta.siteVersion, reproduced: verdict.reproduced, ...lastResult })
              .then(renderRuns)
              .catch((error: unknown) => notices.append(h('li', {}, `This run could not be stored in the browser: ${String(error)}`)));
            exportsBar.hidden = false;
            break;
          }
          case 'cancelled':
            status.textContent = overBudget
              ? `Stopped: this setting would take about ${Math.round(overBudget / 60_000) || 1} min here (projected from the first ${seconds(performance.now() - started)}), and runs are kept to about ${RUN_BUDGET_S} s. Lower the sizes (widths, seeds, steps, observations…), or tick “allow long runs”.`
              : `Cancelled after ${seconds(performance.now() - started)}.`;
            if (overBudget) root.dataset.overBudget = 'true';
            break;
          case 'error':
            status.textContent = `The run failed: ${message.message}`;
            break;
        }
        if (message.type === 'done' || message.type === 'cancelled' || message.type === 'error') {
          root.dataset.outcome = message.type;
          handle = null;
          setRunning(false);
        }
      },
    );
  });
  cancelButton.addEventListener('click', () => handle?.cancel());

  // Downloads.
  const stamp = () => `${meta.id}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const figureSvgs = () => [...(panelsContainer?.querySelectorAll<SVGSVGElement>('svg[role="img"]') ?? [])].filter((svg) => !svg.closest('svg[role="img"] svg'));
  const exportButton = (label: string, action: () => Promise<void> | void) => {
    const button = h('button', { type: 'button', class: 'secondary' }, label);
    button.addEventListener('click', () => void action());
    return button;
  };
  exportsBar.append(
    exportButton('Download JSON', () => {
      if (!lastResult) return;
      const payload = { format: 'trajectories/run@1', experiment: meta.id, ...lastResult, seed: lastResult.config.seed ?? null, siteVersion: meta.siteVersion, permalink: permalink(lastResult.config) };
      download(`${stamp()}.json`, new Blob([JSON.stringify(payload, null, 2)], { type: 'application/json' }));
    }),
    ...(figure
      ? [
          exportButton('Download CSV', () => {
            if (lastResult) download(`${stamp()}.csv`, new Blob([toCsv(figure.table(lastResult.result))], { type: 'text/csv' }));
          }),
          exportButton('Download SVG', () => download(`${stamp()}.svg`, new Blob([figureSvg(figureSvgs())], { type: 'image/svg+xml' }))),
          exportButton('Download PNG', async () => download(`${stamp()}.png`, await svgToPng(figureSvg(figureSvgs())))),
        ]
      : []),
  );
}
