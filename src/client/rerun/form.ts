/**
 * The rerun form, built from the experiment's schema through `describeField`: one control per
 * parameter (its accepted values as help, its problem as a message), the backend, "allow long runs",
 * and Run, Cancel and Reset.
 */
import type { z } from 'zod';
import { BACKENDS } from '../../experiments/runtime/backend-names.ts';
import { acceptedValues, describeField, type FieldDescription } from '../../experiments/runtime/fields.ts';
import { ALLOW_LONG_HELP } from './budget.ts';
import { h } from './dom.ts';
import { fieldsOf, rawValuesOf, type FormCheck, type RawValues } from './form-values.ts';
import { readBackendChoice, type BackendChoice } from './host.ts';

export interface RerunForm {
  element: HTMLFormElement;
  runButton: HTMLButtonElement;
  cancelButton: HTMLButtonElement;
  resetButton: HTMLButtonElement;
  /** The parameters' controls, as text (checkboxes as booleans). */
  raw(): RawValues;
  /** Shows a config in the controls. */
  fill(config: Readonly<Record<string, unknown>>): void;
  /** Marks the fields with problems (aria-invalid and their message) and clears the others. */
  mark(check: Pick<FormCheck<unknown>, 'fieldErrors'>): void;
  /** Writes a note under a field without marking it (e.g. a value of the address that fell back). */
  note(key: string, text: string): void;
  /** The first control marked invalid, if any. */
  firstInvalid(): HTMLElement | undefined;
  backend(): BackendChoice;
  /** The most workers a run may use (null: one per core). */
  maxWorkers(): number | null;
  allowLong(): boolean;
  /** Locks the controls while a run goes; focus follows (Run to Cancel, and back at the end). */
  setRunning(running: boolean): void;
}

const WORKERS_HELP =
  'Experiments made of independent runs (seeds, widths, depths) share them among this many workers on the WASM or CPU backend; the result is the same for any number.';

type Control = HTMLInputElement | HTMLSelectElement;

function control(id: string, key: string, field: FieldDescription): Control {
  switch (field.kind) {
    case 'enum':
      return h('select', { id, name: key }, ...field.options.map((value) => h('option', { value }, value)));
    case 'boolean':
      return h('input', { id, name: key, type: 'checkbox' });
    case 'number': {
      const input = h('input', { id, name: key, type: 'number', inputmode: field.integer ? 'numeric' : 'decimal', step: field.integer ? '1' : 'any' });
      if (field.min !== null) input.setAttribute('min', String(field.min));
      if (field.max !== null) input.setAttribute('max', String(field.max));
      return input;
    }
    default:
      return h('input', { id, name: key, type: 'text', spellcheck: 'false', autocomplete: 'off' });
  }
}

const isCheckbox = (input: Control): input is HTMLInputElement => input instanceof HTMLInputElement && input.type === 'checkbox';

/** `fieldIdPrefix` names the parameters' controls, `idPrefix` the backend's and "allow long runs". */
export function createForm(schema: z.ZodObject, ids: { fieldIdPrefix: string; idPrefix: string }): RerunForm {
  const element = h('form', { class: 'rerun-form', novalidate: true });
  const inputs = new Map<string, Control>();
  const messages = new Map<string, HTMLElement>();
  for (const [key, field] of fieldsOf(schema)) {
    const id = `${ids.fieldIdPrefix}-${key}`;
    const described = describeField(field);
    const input = control(id, key, described);
    const message = h('span', { class: 'field-message', id: `${id}-message`, 'aria-live': 'polite' });
    input.setAttribute('aria-describedby', `${id}-message ${id}-help`);
    inputs.set(key, input);
    messages.set(key, message);
    element.append(
      h(
        'div',
        { class: 'rerun-field' },
        h('label', { for: id }, key),
        input,
        h('span', { class: 'field-help', id: `${id}-help` }, `${described.description} (${acceptedValues(described)})`),
        message,
      ),
    );
  }

  const backendSelect = h(
    'select',
    { id: `${ids.idPrefix}-backend`, name: 'backend' },
    h('option', { value: 'auto' }, 'auto (wasm, then webgl, then cpu)'),
    ...BACKENDS.map((name) => h('option', { value: name }, name)),
  );
  const cores = Math.max(1, Math.min(16, Math.floor(globalThis.navigator?.hardwareConcurrency ?? 1)));
  const workersSelect = h(
    'select',
    { id: `${ids.idPrefix}-workers`, name: 'workers' },
    h('option', { value: 'auto' }, `auto (up to ${cores}, one per core)`),
    ...Array.from({ length: cores }, (_, i) => h('option', { value: String(i + 1) }, String(i + 1))),
  );
  const allowLong = h('input', { type: 'checkbox', id: `${ids.idPrefix}-allow-long`, name: 'allowLong' });
  const runButton = h('button', { type: 'submit', class: 'rerun-run' }, 'Run');
  const cancelButton = h('button', { type: 'button', class: 'secondary rerun-cancel', disabled: true }, 'Cancel');
  const resetButton = h('button', { type: 'button', class: 'secondary rerun-reset' }, 'Reset to the published reduced run');
  element.append(
    h(
      'div',
      { class: 'rerun-field' },
      h('label', { for: backendSelect.id }, 'backend'),
      backendSelect,
      h('span', { class: 'field-help' }, 'Where the tensors are computed. WebGPU is never chosen automatically.'),
    ),
    h(
      'div',
      { class: 'rerun-field' },
      h('label', { for: workersSelect.id }, 'workers'),
      workersSelect,
      h('span', { class: 'field-help' }, WORKERS_HELP),
    ),
    h('div', { class: 'rerun-field rerun-allow-long' }, h('label', { for: allowLong.id }, 'allow long runs'), allowLong, h('span', { class: 'field-help' }, ALLOW_LONG_HELP)),
    h('div', { class: 'rerun-actions' }, runButton, cancelButton, resetButton),
  );

  const setMessage = (key: string, text: string, invalid: boolean) => {
    const message = messages.get(key);
    const input = inputs.get(key);
    if (!message || !input) return;
    message.textContent = text;
    if (invalid) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };

  return {
    element,
    runButton,
    cancelButton,
    resetButton,
    raw: () => Object.fromEntries([...inputs].map(([key, input]) => [key, isCheckbox(input) ? input.checked : input.value])),
    fill(config) {
      const raw = rawValuesOf(schema, config);
      for (const [key, input] of inputs) {
        const value = raw[key];
        if (isCheckbox(input)) input.checked = value === true;
        else input.value = String(value ?? '');
      }
    },
    mark({ fieldErrors }) {
      for (const key of inputs.keys()) setMessage(key, fieldErrors.get(key) ?? '', fieldErrors.has(key));
    },
    note: (key, text) => setMessage(key, text, false),
    firstInvalid: () => [...inputs.values()].find((input) => input.getAttribute('aria-invalid') === 'true'),
    backend: () => readBackendChoice(backendSelect.value),
    maxWorkers: () => (workersSelect.value === 'auto' ? null : Number(workersSelect.value)),
    allowLong: () => allowLong.checked,
    setRunning(running) {
      const active = document.activeElement;
      const focusHere = !active || active === document.body || element.contains(active);
      runButton.disabled = running;
      cancelButton.disabled = !running;
      // Focus never falls to the page's body: Cancel while the run goes, Run once it has ended.
      if (focusHere) (running ? cancelButton : runButton).focus();
      for (const input of [...inputs.values(), backendSelect, workersSelect, allowLong]) input.disabled = running;
    },
  };
}
