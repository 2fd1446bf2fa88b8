/**
 * The rerun panel: wires the form (from the experiment's schema), the address (experiment pages),
 * the run, the figure, the reader's stored runs and the downloads. Each lives in its own module.
 */
import '../zod-jitless.ts'; // before zod parses anything: no CSP report from its JIT probe
import { getSpec, parameterAliases } from '../../experiments/registry.ts';
import type { ParamIssue } from '../../experiments/runtime/params.ts';
import { reducedConfig } from '../../experiments/runtime/spec.ts';
import { FIX_FIELDS_TEXT, longRunText, needsChoice, PROBING_TEXT, READY_TEXT, RUN_ANYWAY_TEXT } from './budget.ts';
import { describeEstimate, estimateTime, type TimeEstimate } from '../../experiments/runtime/estimate.ts';
import { knownSlowdown, measureSlowdown } from './speed.ts';
import { deviceMemoryLimit, estimateMemory, memoryRefusal } from '../../experiments/runtime/cost.ts';
import { browserPoolSize } from '../../experiments/runtime/pool-core.ts';
import { ENGINE_COMMIT } from './build-info.ts';
import { h } from './dom.ts';
import { runJson } from './export-data.ts';
import { createExportsBar } from './exports.ts';
import { loadFigureView } from './figure-view.ts';
import { createForm } from './form.ts';
import { readFormValues } from './form-values.ts';
import { backendOrder, siteBaseUrl, type RunHandle } from './host.ts';
import { readMeta } from './meta.ts';
import { provenanceOf } from './provenance.ts';
import { createStatusLine, runInPanel } from './run.ts';
import { compareUrlFor, createPresetBar, isPublishedConfig, isReducedConfig, memoryLine } from './presets.ts';
import { createRunsList } from './runs-list.ts';
import { saveRun, type RunRecord } from './storage.ts';
import { configFromSearch, debugLoseContext, searchForConfig, withSearch } from './url-sync.ts';

/** The problems of the address's parameters, each on its line (hidden when there are none). */
function issuesList(issues: readonly ParamIssue[]): HTMLElement {
  const element = h('div', { class: 'rerun-issues', role: 'alert', hidden: issues.length === 0 });
  if (issues.length > 0) {
    element.append(
      h('p', {}, 'Some parameters in this address were not used; the defaults stand in for them:'),
      h('ul', {}, ...issues.map((issue) => h('li', {}, h('code', {}, issue.key), issue.value ? ` = “${issue.value}”: ` : ': ', issue.message))),
    );
  }
  return element;
}

export async function mountPanel(root: HTMLElement): Promise<void> {
  const meta = readMeta(root);
  const spec = getSpec(meta.id);
  const reduced = reducedConfig(spec);
  const view = await loadFigureView(spec, meta.reducedDataUrl);

  // Experiment pages: the address configures the run (parse = validate; problems listed, valid values kept).
  const fromUrl = meta.readsUrl ? configFromSearch(spec, location.search, reduced, parameterAliases[spec.id]) : null;
  const issues = fromUrl?.issues ?? [];
  const form = createForm(spec.schema, { fieldIdPrefix: root.id || meta.id, idPrefix: meta.id });
  form.fill(fromUrl?.config ?? reduced);
  // A value that broke a rule across fields fell back: say so under its field too.
  for (const key of fromUrl?.crossFieldKeys ?? []) {
    const issue = issues.findLast((i) => i.key === key);
    if (issue) form.note(key, issue.message);
  }
  const updateUrl = (config: unknown) => {
    if (meta.readsUrl) history.replaceState(history.state, '', `${withSearch(location.pathname, searchForConfig(spec, config, reduced))}${location.hash}`);
  };
  const permalink = (config: unknown) => withSearch(meta.experimentUrl, searchForConfig(spec, config, reduced));
  /** The permalink as an absolute address (what the downloads carry). */
  const absolutePermalink = (config: unknown) => new URL(permalink(config), location.href).href;

  const progress = h('progress', { class: 'rerun-progress', max: '1', value: '0', 'aria-label': `Progress of the ${spec.title} rerun` });
  const status = createStatusLine(READY_TEXT);
  /** Shown with the question before a run estimated over the budget. */
  const runAnyway = h('button', { type: 'button', class: 'rerun-run-anyway', hidden: true }, RUN_ANYWAY_TEXT);
  /** The config the reader chose to run in spite of its estimate (JSON). */
  let chosenLong: string | null = null;
  const notices = h('ul', { class: 'rerun-notices', 'aria-live': 'polite' });
  const summary = h('div', { class: 'rerun-summary', 'aria-live': 'polite' });
  let lastRun: RunRecord | null = null;
  const provenance = (record: RunRecord) => provenanceOf(record, { experiment: spec.id, permalink: absolutePermalink(record.config), engineCommit: ENGINE_COMMIT });
  const exportsBar = createExportsBar({
    experiment: spec.id,
    title: spec.title,
    figure: view.figure,
    current: () => lastRun,
    provenance,
    json: (record) => runJson(record, { experiment: spec.id, siteVersion: meta.siteVersion, permalink: absolutePermalink(record.config), provenance: provenance(record) }),
    panels: view.panels,
  });
  const runsList = createRunsList({ experiment: spec.id, permalink: (run) => permalink(run.config), show: (run) => view.show(run.result) });

  /** The time of `config` on this computer (the reference computer's until a probe has measured it). */
  const estimateFor = (config: unknown): TimeEstimate | null => {
    if (!meta.referenceTimes || !spec.work) return null;
    const work = (spec.work as (config: unknown) => number)(config);
    const backends = backendOrder(form.backend());
    const runs = spec.runs && (backends[0] === 'wasm' || backends[0] === 'cpu') ? (spec.runs as (config: unknown) => number)(config) : 1;
    const workers = browserPoolSize({
      hardwareConcurrency: navigator.hardwareConcurrency,
      maxWorkers: form.maxWorkers(),
      tasks: runs,
      bytesPerWorker: estimateMemory(spec, config),
      memoryLimitBytes: deviceMemoryLimit().bytes,
    });
    return estimateTime(work, meta.referenceTimes, knownSlowdown(backends)?.factor ?? null, { workers, runs });
  };
  const presets = createPresetBar(
    spec,
    (config) => {
      form.fill(config as Record<string, unknown>);
      updateUrl(config);
      presets.update(check().config ?? null);
    },
    estimateFor,
  );
  presets.update(fromUrl?.config ?? reduced);
  const body = root.querySelector<HTMLElement>('[data-rerun-body]') ?? root.appendChild(h('div', { class: 'rerun-body' }));
  body.hidden = false;
  body.replaceChildren(
    h('h3', { class: 'rerun-heading' }, `Rerun: ${spec.title}`),
    issuesList(issues),
    presets.element,
    form.element,
    progress,
    status.element,
    runAnyway,
    notices,
    summary,
    exportsBar,
    runsList.heading,
    runsList.element,
  );
  await runsList.refresh();

  /** Reads and marks the form; a broken rule across fields is the status until it is fixed. */
  const check = () => {
    const checked = readFormValues(spec.schema, form.raw());
    form.mark(checked);
    if (checked.crossField) status.problem(checked.crossField.message);
    else if (checked.config) status.clearProblem();
    return checked;
  };
  form.element.addEventListener('input', () => {
    runAnyway.hidden = true;
    const { config } = check();
    if (config) updateUrl(config);
    presets.update(config ?? null);
  });
  form.resetButton.addEventListener('click', () => {
    form.fill(reduced);
    updateUrl(reduced);
    check();
    presets.update(reduced);
  });

  let handle: RunHandle | null = null;
  const setRunning = (running: boolean) => {
    form.setRunning(running);
    root.dataset.state = running ? 'running' : 'idle';
  };
  const loseContextAfterSnapshots = debugLoseContext(location.search);
  /** Starting or measuring: a second Run waits. */
  let busy = false;
  /**
   * Before a run: a setting that may take over the budget is measured on this computer first (a probe
   * of about a second, once per backend), and waits for the reader's choice if its estimate is over
   * the budget. The two presets, "allow long runs" and "Run it anyway" are choices already.
   */
  const waitsForChoice = async (config: unknown): Promise<boolean> => {
    if (memoryRefusal(spec, config)) return false; // refused at the start, with its numbers
    let estimate = estimateFor(config);
    if (estimate && !estimate.measuredHere && needsChoice(estimate.highMs)) {
      status.set(PROBING_TEXT);
      root.dataset.state = 'probing';
      try {
        await measureSlowdown(backendOrder(form.backend()));
      } catch (error) {
        notices.append(h('li', {}, `The speed of this computer could not be measured (${error instanceof Error ? error.message : String(error)}); the estimate is the reference computer's.`));
      }
      root.dataset.state = 'idle';
      estimate = estimateFor(config);
      presets.update(config);
    }
    if (estimate) {
      root.dataset.estimateMs = String(Math.round(estimate.pointMs));
      root.dataset.estimateHighMs = String(Math.round(estimate.highMs));
    }
    const chosen = form.allowLong() || isPublishedConfig(spec, config) || isReducedConfig(spec, config) || chosenLong === JSON.stringify(config);
    if (chosen || !estimate || !needsChoice(estimate.pointMs)) return false;
    status.set(longRunText(describeEstimate(estimate), memoryLine(spec, config)));
    root.dataset.outcome = 'asked';
    runAnyway.hidden = false;
    return true;
  };
  runAnyway.addEventListener('click', () => {
    const { config } = check();
    if (!config) return;
    chosenLong = JSON.stringify(config);
    runAnyway.hidden = true;
    form.element.requestSubmit();
  });
  form.element.addEventListener('submit', (event) => {
    event.preventDefault();
    if (handle || busy) return;
    const { config, crossField } = check();
    if (!config) {
      if (!crossField) status.problem(FIX_FIELDS_TEXT);
      form.firstInvalid()?.focus();
      return;
    }
    runAnyway.hidden = true;
    for (const key of ['outcome', 'estimateMs', 'estimateHighMs']) delete root.dataset[key];
    busy = true;
    void waitsForChoice(config).then((waits) => {
      busy = false;
      if (waits) {
        runAnyway.focus();
        return;
      }
      start(config);
    });
  });
  const start = (config: NonNullable<ReturnType<typeof check>['config']>) => {
    exportsBar.hidden = true;
    setRunning(true);
    handle = runInPanel(
      { root, progress, status, notices, summary },
      {
        request: {
          experiment: meta.id,
          config,
          backends: backendOrder(form.backend()),
          baseUrl: siteBaseUrl(),
          compareUrl: compareUrlFor(spec, config, meta.reducedDataUrl),
          snapshotIntervalMs: 250,
          loseContextAfterSnapshots,
          maxWorkers: form.maxWorkers() ?? undefined,
        },
        allowLong: form.allowLong() || isPublishedConfig(spec, config) || chosenLong === JSON.stringify(config),
        onPartial: view.schedule,
        onDone({ runId, record, reproduced }) {
          view.show(record.result);
          lastRun = record;
          void saveRun({ id: runId, experiment: spec.id, siteVersion: meta.siteVersion, reproduced, ...record })
            .then(runsList.changed)
            .catch((error: unknown) => notices.append(h('li', {}, `This run could not be stored in the browser: ${String(error)}`)));
          exportsBar.hidden = false;
        },
        onEnd() {
          handle = null;
          setRunning(false);
        },
      },
    );
  };
  form.cancelButton.addEventListener('click', () => handle?.cancel());
}
