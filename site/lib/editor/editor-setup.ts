import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import {
  bracketMatching,
  defaultHighlightStyle,
  HighlightStyle,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import { forceLinting, linter, lintGutter, lintKeymap, type Diagnostic } from '@codemirror/lint';
import {
  Annotation,
  Compartment,
  EditorState,
  Prec,
  StateEffect,
  type Extension,
} from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { clampDiagnostics, type EditorDiagnostic } from './editor-diagnostics.ts';

/** How long the editor waits after the last keystroke before asking for diagnostics, ms. */
export const LINT_DELAY_MS = 400;

/** What the editor asks of its owner; read on every use, so the owner may change them freely. */
export interface EditorHooks {
  /** The accessible name of the text area. */
  label: () => string;
  /** Diagnostics for a text (the type checker), or none. */
  lint: () => ((source: string) => Promise<EditorDiagnostic[]>) | undefined;
  /** Diagnostics pushed by the owner (runtime errors), shown with the linted ones. */
  extra: () => readonly EditorDiagnostic[];
  /** The text changed. */
  onchange: (value: string) => void;
  /** Mod-Enter was pressed. */
  onrun: () => void;
}

/** Marks a change the owner made (a new `value`), which is not reported back as an edit. */
export const fromOwner = Annotation.define<boolean>();

/** Asks the linter to run again although the text did not change. */
const refreshLint = StateEffect.define<null>();

/**
 * Lint again now (new pushed diagnostics, a new lint source). CodeMirror's `forceLinting` alone
 * only hurries a lint already scheduled by an edit, so one is scheduled first.
 */
export function relint(view: EditorView): void {
  view.dispatch({ effects: refreshLint.of(null) });
  forceLinting(view);
}

/** Toggles read-only without rebuilding the editor. */
export const readonlyCompartment = new Compartment();

/** The read-only extension's value for `readonly`. */
export function readonlyExtension(readonly: boolean): Extension {
  return [EditorState.readOnly.of(readonly), EditorView.editable.of(!readonly)];
}

/**
 * Lint with the owner's source, then add the pushed diagnostics. A source that fails (the worker
 * stopped) shows the pushed ones only: the editor stays usable without types.
 */
function lintSource(hooks: EditorHooks) {
  // The last text checked and what the check found: new pushed diagnostics on an unchanged text
  // show at once, without waiting for another round trip to the type checker.
  let last: { source: string; lint: unknown; found: EditorDiagnostic[] } | null = null;
  return async (view: EditorView): Promise<Diagnostic[]> => {
    const source = view.state.doc.toString();
    let found: EditorDiagnostic[] = [];
    const lint = hooks.lint();
    if (last && last.source === source && last.lint === lint) {
      found = last.found;
    } else if (lint) {
      try {
        found = await lint(source);
        last = { source, lint, found };
      } catch {
        found = [];
      }
    }
    return clampDiagnostics([...found, ...hooks.extra()], view.state.doc.length);
  };
}

/**
 * CodeMirror's default colours with the two that fail WCAG's 4.5:1 contrast on white made darker
 * (template strings #e40, invalid #f00): the editor is read on projectors too.
 */
const DARKER: Record<string, string> = { '#e40': '#b32d00', '#f00': '#c00' };
export const readableHighlightStyle = HighlightStyle.define(
  defaultHighlightStyle.specs.map((spec) =>
    typeof spec.color === 'string' && DARKER[spec.color]
      ? { ...spec, color: DARKER[spec.color] }
      : spec,
  ),
);

/** The editor's extensions: TypeScript, line numbers, brackets, history, lint, keys. */
export function editorExtensions(hooks: EditorHooks, readonly: boolean): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    indentOnInput(),
    syntaxHighlighting(readableHighlightStyle),
    bracketMatching(),
    highlightActiveLine(),
    javascript({ typescript: true }),
    lintGutter(),
    linter(lintSource(hooks), {
      delay: LINT_DELAY_MS,
      needsRefresh: (update) =>
        update.transactions.some((tr) => tr.effects.some((e) => e.is(refreshLint))),
    }),
    Prec.highest(
      keymap.of([
        {
          key: 'Mod-Enter',
          run: () => {
            hooks.onrun();
            return true;
          },
        },
      ]),
    ),
    // Tab indents; Escape then Tab leaves the editor (CodeMirror's documented escape hatch).
    keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap, indentWithTab]),
    readonlyCompartment.of(readonlyExtension(readonly)),
    // Recomputed on every update, so a new label reaches the text area.
    // tabindex: the scroller must hold something a keyboard reaches, read-only or not (axe's
    // scrollable-region-focusable does not count contenteditable).
    EditorView.contentAttributes.of(() => ({ 'aria-label': hooks.label(), tabindex: '0' })),
    EditorView.updateListener.of((update) => {
      if (!update.docChanged) return;
      if (update.transactions.every((tr) => tr.annotation(fromOwner))) return;
      hooks.onchange(update.state.doc.toString());
    }),
  ];
}
