// A uPlot plugin that lets the pointer (mouse, pen or touch) drag the markers of one series: the
// schedule designer's piecewise points. It reports the position in data units; the designer decides
// what the move means (clamping, sorting) and hands the chart new data.
import type uPlot from 'uplot';

export interface DragPointsOptions {
  /** The points that can be dragged, in data units (x, y), in order. */
  points: () => readonly (readonly [number, number])[];
  /** Whether dragging is allowed now. */
  enabled: () => boolean;
  /** A point is being dragged to (x, y) in data units. */
  onDrag: (index: number, x: number, y: number) => void;
  /** How close (CSS pixels) the pointer must be to a point to pick it up. */
  radius?: number;
}

export function dragPointsPlugin(o: DragPointsOptions): uPlot.Plugin {
  const radius = o.radius ?? 14;
  return {
    hooks: {
      init: (u: uPlot) => {
        const over = u.over;
        let dragging: number | null = null;
        const local = (e: PointerEvent) => {
          const r = over.getBoundingClientRect();
          return { left: e.clientX - r.left, top: e.clientY - r.top };
        };
        const nearest = (left: number, top: number): number | null => {
          let best: number | null = null;
          let bestD = radius;
          o.points().forEach(([x, y], i) => {
            const d = Math.hypot(u.valToPos(x, 'x') - left, u.valToPos(y, 'y') - top);
            if (d <= bestD) [best, bestD] = [i, d];
          });
          return best;
        };
        over.addEventListener('pointerdown', (e) => {
          if (!o.enabled()) return;
          const { left, top } = local(e);
          dragging = nearest(left, top);
          if (dragging === null) return;
          over.setPointerCapture(e.pointerId);
          e.preventDefault();
        });
        over.addEventListener('pointermove', (e) => {
          const { left, top } = local(e);
          if (dragging === null) {
            over.style.cursor = o.enabled() && nearest(left, top) !== null ? 'grab' : '';
            return;
          }
          over.style.cursor = 'grabbing';
          o.onDrag(dragging, u.posToVal(left, 'x'), u.posToVal(top, 'y'));
        });
        const end = (e: PointerEvent) => {
          if (dragging === null) return;
          dragging = null;
          over.style.cursor = '';
          if (over.hasPointerCapture(e.pointerId)) over.releasePointerCapture(e.pointerId);
        };
        over.addEventListener('pointerup', end);
        over.addEventListener('pointercancel', end);
        // Touch: keep the page from scrolling while a point is held.
        over.style.touchAction = 'none';
      },
    },
  };
}
