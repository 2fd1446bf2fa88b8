/**
 * The two presets of an experiment (the reduced browser run, the published full scale) as buttons
 * that fill the form and say how long each takes, a line with the time and memory the current
 * settings need on this device, and the published data a run is judged against: the full-scale file
 * when the settings are the published ones, the reduced file otherwise.
 */
import type { AnySpec } from '../../experiments/registry.ts';
import { deviceMemoryLimit, estimateMemory, formatBytes } from '../../experiments/runtime/cost.ts';
import { describeEstimate, roughDuration, type TimeEstimate } from '../../experiments/runtime/estimate.ts';
import { publishedConfig, reducedConfig } from '../../experiments/runtime/spec.ts';
import { h } from './dom.ts';

const sameConfig = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Whether `config` is the published full scale: choosing it is choosing a long run (no 60 s stop). */
export const isPublishedConfig = (spec: AnySpec, config: unknown): boolean => sameConfig(config, publishedConfig(spec));

/** Whether `config` is the reduced preset: the ~10 s run every page offers, never asked about. */
export const isReducedConfig = (spec: AnySpec, config: unknown): boolean => sameConfig(config, reducedConfig(spec));

/** The published data a run with `config` is compared with: full scale for the published config. */
export function compareUrlFor(spec: AnySpec, config: unknown, reducedDataUrl: string | null): string | undefined {
  if (!reducedDataUrl) return undefined;
  return sameConfig(config, publishedConfig(spec)) ? reducedDataUrl.replace(/\.reduced\.json$/, '.json') : reducedDataUrl;
}

/** "Needs about 320 MB of memory; a run here may use 1.1 GB." */
export function memoryLine(spec: AnySpec, config: unknown): string {
  const limit = deviceMemoryLimit();
  const need = estimateMemory(spec, config);
  return `Needs about ${formatBytes(need)} of memory; a run here may use ${formatBytes(limit.bytes)}${need > limit.bytes ? ': too much, it will not start' : ''}.`;
}

export interface PresetBar {
  element: HTMLElement;
  /** Updates the estimate for the form's current settings (null: the form has problems). */
  update(config: unknown): void;
}

/** "Takes about 20 s to 1 min on this computer." (empty without an estimate) */
export const timeLine = (estimate: TimeEstimate | null): string => (estimate ? `Takes ${describeEstimate(estimate)}. ` : '');

/**
 * `estimate` gives the time of a config on this computer (null: no estimate for this experiment); it
 * changes when the computer is measured, so the bar asks it again on every update.
 */
export function createPresetBar(spec: AnySpec, fill: (config: unknown) => void, estimate: (config: unknown) => TimeEstimate | null): PresetBar {
  const reduced = h('button', { type: 'button', class: 'secondary rerun-preset', 'data-preset': 'reduced' }, 'Reduced');
  const published = h('button', { type: 'button', class: 'secondary rerun-preset', 'data-preset': 'published' }, 'Published full scale');
  const label = (button: HTMLElement, name: string, config: unknown) => {
    const time = estimate(config);
    button.textContent = time ? `${name} (about ${roughDuration(time.pointMs)})` : name;
  };
  const line = h('p', { class: 'rerun-estimate field-help', 'aria-live': 'polite' });
  reduced.addEventListener('click', () => fill(reducedConfig(spec)));
  published.addEventListener('click', () => fill(publishedConfig(spec)));
  const element = h('div', { class: 'rerun-presets' }, h('span', {}, 'Presets: '), reduced, ' ', published, line);
  return {
    element,
    update(config) {
      label(reduced, 'Reduced', reducedConfig(spec));
      label(published, 'Published full scale', publishedConfig(spec));
      line.textContent = config === null ? '' : `${timeLine(estimate(config))}${memoryLine(spec, config)}`;
      const which = config === null ? null : sameConfig(config, publishedConfig(spec)) ? 'published' : sameConfig(config, reducedConfig(spec)) ? 'reduced' : null;
      reduced.setAttribute('aria-pressed', String(which === 'reduced'));
      published.setAttribute('aria-pressed', String(which === 'published'));
    },
  };
}
