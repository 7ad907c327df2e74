// The Explorer's cells as plain DOM renderers (ICellRendererComp classes), updated in place on
// refresh, inside AgGridReact. React components per cell cost ~2 ms a row to mount; a jump to new
// rows drew 30 of them in one 74 ms task. These do the same in a fraction, so scrolling and live
// refreshes stay under the 50 ms long-task line (issue 16 allows a plain DOM class for speed).
import type { ICellRendererComp, ICellRendererParams } from 'ag-grid-community';
import type { GridRow } from './display-model.ts';
import { staleTitle, staleVariable, type StaleIndex } from './stale-marks.ts';
import { formatDuration } from './waterfall-layout.ts';

/**
 * One object for the grid's whole life: the marks are read through functions, so new marks redraw
 * only the cells they change (TraceGrid's `useMarkRedraws`) instead of a new context redrawing
 * every visible cell. A stale variable that keeps repeating reloads the marks every 2 s: at 2,000
 * rows/s those whole-grid redraws were most of the Explorer's 172 long tasks in a 10-minute tail.
 */
export interface CellContext {
  toggle: (row: GridRow) => void;
  /** Open the Code Inspector on a function. */
  openCode: (process: string) => void;
  stale: () => StaleIndex;
  loadingTrace: () => string | null;
}

type Params = ICellRendererParams<GridRow, unknown, CellContext>;

function el(tag: string, cls: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

abstract class DomCell implements ICellRendererComp<GridRow> {
  protected root = el('span', '');
  init(p: Params): void {
    this.draw(p);
  }
  getGui(): HTMLElement {
    return this.root;
  }
  refresh(p: Params): boolean {
    this.draw(p);
    return true;
  }
  protected abstract draw(p: Params): void;
}

export class ProcessCell extends DomCell {
  private params: Params | null = null;
  private onClick = (e: MouseEvent) => {
    const d = this.params?.data;
    if (!d) return;
    if ((e.target as HTMLElement).closest('.code-link')) {
      e.stopPropagation();
      this.params!.context.openCode(d.row.process);
      return;
    }
    if (!(e.target as HTMLElement).closest('.chevron')) return;
    e.stopPropagation();
    // Already toggled on pointerdown; a click without one is the keyboard (Enter / Space).
    if (this.pointerToggled) this.pointerToggled = false;
    else this.params!.context.toggle(d);
  };
  /**
   * The chevron toggles on pointerdown, not click: a cell redrawn between the press and the
   * release (live rows, stale marks arriving) replaces the button, and the browser then fires no
   * click at all. Seen as a lost expand in Chromium under a load average of 10.
   */
  private pointerToggled = false;
  private onPointerDown = (e: PointerEvent) => {
    const d = this.params?.data;
    if (!d || e.button !== 0 || !(e.target as HTMLElement).closest('.chevron')) return;
    e.stopPropagation();
    this.pointerToggled = true;
    this.params!.context.toggle(d);
  };
  init(p: Params): void {
    this.root.addEventListener('click', this.onClick);
    this.root.addEventListener('pointerdown', this.onPointerDown);
    super.init(p);
  }
  destroy(): void {
    this.root.removeEventListener('click', this.onClick);
    this.root.removeEventListener('pointerdown', this.onPointerDown);
  }
  /** What the cell shows, as drawn last: a refresh that would draw the same leaves the DOM alone. */
  private drawn = '';
  protected draw(p: Params): void {
    this.params = p;
    const d = p.data;
    // Redrawing an unchanged cell replaced its buttons under the pointer: a press on the old
    // "ƒ ↗" and a release on the new one made no click on either, and the row took it instead
    // (seen in Chromium at a load average of 10, with live rows refreshing the grid).
    const key = d
      ? JSON.stringify([
          d.depth,
          d.expandable,
          d.expanded,
          p.context.loadingTrace() === d.key,
          d.row.status,
          d.row.process,
          d.child,
          d.callStart,
          d.callDurationMs,
        ])
      : '';
    if (key && key === this.drawn) return;
    this.drawn = key;
    this.root.replaceChildren();
    if (!d) {
      this.root.className = 'cell-loading';
      return;
    }
    this.root.className = 'cell-process';
    this.root.style.paddingLeft = `${d.depth * 14}px`;
    if (d.expandable) {
      const b = el('button', d.expanded ? 'chevron open' : 'chevron') as HTMLButtonElement;
      b.type = 'button';
      b.setAttribute('aria-label', d.expanded ? 'Collapse trace' : 'Expand trace');
      b.setAttribute('aria-expanded', String(d.expanded));
      if (p.context.loadingTrace() === d.key) b.append(el('span', 'spinner'));
      else b.textContent = '▸';
      this.root.append(b);
    } else this.root.append(el('span', d.child ? 'tree-guide' : 'chevron-space'));
    this.root.append(el('span', d.row.status === 'ERROR' ? 'status-dot err' : 'status-dot'));
    const name = el('span', d.child && !d.callStart ? 'process-name muted' : 'process-name', d.row.process);
    name.title = d.row.process;
    this.root.append(name);
    if (d.child && d.callStart && d.callDurationMs !== null)
      this.root.append(el('span', 'call-dur', formatDuration(d.callDurationMs)));
    const link = el('button', 'code-link', 'ƒ ↗') as HTMLButtonElement;
    link.type = 'button';
    link.title = `Open ${d.row.process} in the Code Inspector`;
    link.setAttribute('aria-label', `Open ${d.row.process} in the Code Inspector`);
    this.root.append(link);
  }
}

export class ValueCell extends DomCell {
  private params: Params | null = null;
  /**
   * The mark's title is written when the pointer comes over it: the run's length grows with every
   * repeat, and the cell is redrawn only when its mark comes or goes (or its threshold moves).
   */
  private onPointerOver = (e: PointerEvent) => {
    const tag = (e.target as HTMLElement).closest<HTMLElement>('.stale-tag');
    const d = this.params?.data;
    if (!tag || !d) return;
    const stale = staleVariable(this.params!.context.stale(), d.row);
    if (stale) tag.title = staleTitle(stale);
  };
  init(p: Params): void {
    this.root.addEventListener('pointerover', this.onPointerOver);
    super.init(p);
  }
  destroy(): void {
    this.root.removeEventListener('pointerover', this.onPointerOver);
  }
  protected draw(p: Params): void {
    this.params = p;
    const d = p.data;
    this.root.replaceChildren();
    this.root.className = 'cell-value';
    if (!d) return;
    const r = d.row;
    const stale = staleVariable(p.context.stale(), r);
    if (stale) {
      const tag = el('span', 'stale-tag', 'stale');
      tag.title = staleTitle(stale);
      this.root.append(tag);
    }
    if (r.dataValue === null) this.root.append(el('span', 'muted', 'null'));
    else this.root.append(el('span', 'mono', r.dataValue.length > 300 ? r.dataValue.slice(0, 300) : r.dataValue));
    if (r.valueTruncated) {
      const more = el('span', 'muted', ' …');
      more.title = `${r.valueLength.toLocaleString('en-US')} characters: select the row to see it whole`;
      this.root.append(more);
    }
  }
}

export class StatusCell extends DomCell {
  protected draw(p: Params): void {
    const d = p.data;
    if (!d) {
      this.root.className = '';
      this.root.textContent = '';
      return;
    }
    const err = d.row.status === 'ERROR';
    this.root.className = err ? 'status-pill err' : 'status-pill ok';
    this.root.textContent = err ? 'ERROR' : 'OK';
    this.root.title = d.row.statusRaw ?? '';
  }
}
