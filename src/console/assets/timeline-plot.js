import uPlot from '/vendor/uplot.js';

/** Seconds since the run's start of an epoch-ms moment, or undefined. */
const rel = (at, run) => (at === undefined ? undefined : (at - run.startedAt) / 1000);

/**
 * Draws the fault window (at least 3 px wide, so a 5 ms kill is visible) and the detection and
 * recovery marks, each label on its own row so close marks never overprint.
 */
function marksPlugin(run) {
  const t = run.timings;
  const marks = [
    ['detected', rel(t.detectedAt, run), '#6639ba'],
    ['recovered', rel(t.recoveredAt, run), '#0969da'],
  ].filter(([, x]) => x !== undefined);
  return {
    hooks: {
      draw: [
        (u) => {
          const { ctx, bbox } = u;
          ctx.save();
          const from = rel(t.faultInjectedAt, run);
          if (from !== undefined) {
            const x0 = u.valToPos(from, 'x', true);
            const x1 = u.valToPos(rel(t.faultRemovedAt ?? run.endedAt, run), 'x', true);
            ctx.fillStyle = 'rgba(251,143,68,0.25)';
            ctx.fillRect(x0, bbox.top, Math.max(3 * devicePixelRatio, x1 - x0), bbox.height);
          }
          marks.forEach(([label, x, colour], row) => {
            const px = u.valToPos(x, 'x', true);
            ctx.strokeStyle = colour;
            ctx.setLineDash([5, 3]);
            ctx.beginPath();
            ctx.moveTo(px, bbox.top);
            ctx.lineTo(px, bbox.top + bbox.height);
            ctx.stroke();
            ctx.fillStyle = colour;
            ctx.font = `${12 * devicePixelRatio}px system-ui`;
            ctx.fillText(
              `${label} +${x.toFixed(1)} s`,
              px + 4,
              bbox.top + (14 + row * 16) * devicePixelRatio,
            );
          });
          ctx.restore();
        },
      ],
    },
  };
}

/** Plots a run's per-second timeline into `container` with uPlot. */
export function plotTimeline(container, run, timeline) {
  const x = timeline.map((s) => s.second + 0.5);
  const data = [
    x,
    timeline.map((s) => s.requests),
    timeline.map((s) => (s.requests ? (100 * s.errors) / s.requests : null)),
    timeline.map((s) => s.p50LatencyMs ?? null),
    timeline.map((s) => s.p99LatencyMs ?? null),
  ];
  const options = {
    width: Math.min(960, container.clientWidth || 960),
    height: 320,
    scales: { x: { time: false }, rate: {}, ms: {} },
    axes: [
      { label: 'seconds since start' },
      { scale: 'rate', label: 'req/s · error %' },
      { scale: 'ms', side: 1, label: 'latency ms', grid: { show: false } },
    ],
    series: [
      { label: 's' },
      { label: 'requests/s', scale: 'rate', stroke: '#1f6feb', width: 1.5 },
      { label: 'errors %', scale: 'rate', stroke: '#d1242f', width: 1.5, dash: [6, 3] },
      { label: 'p50 ms', scale: 'ms', stroke: '#1a7f37', width: 1.5 },
      { label: 'p99 ms', scale: 'ms', stroke: '#9a6700', width: 1.5, dash: [2, 2] },
    ],
    plugins: [marksPlugin(run)],
  };
  container.replaceChildren();
  return new uPlot(options, data, container);
}
