// Draws every chart of a Yogurt report with uPlot. Each <div class="chart" data-spec="ID"> gets
// its chart from <script type="application/json" id="ID">. Charts of one group share the cursor
// and the zoom. With #check in the address, the page writes what it drew into
// <pre id="yogurt-check"> as JSON (the tests read it back through headless Chromium); with
// #zoom=FROM,TO (seconds since the epoch, or x values) every group opens zoomed to that range.
(function () {
  'use strict';

  function fmt(v) {
    if (v == null || !isFinite(v)) return '-';
    var a = Math.abs(v);
    if (a >= 1e6) return (v / 1e6).toFixed(2) + 'M';
    if (a >= 1e4) return (v / 1e3).toFixed(1) + 'k';
    if (a >= 100) return v.toFixed(0);
    if (a >= 10) return v.toFixed(1);
    if (a >= 1) return v.toFixed(2);
    return v === 0 ? '0' : v.toPrecision(2);
  }

  function utc(ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); }
  var fmtDay = uPlot.fmtDate('{MM}-{DD}');
  var fmtMinute = uPlot.fmtDate('{MM}-{DD} {HH}:{mm}');
  var fmtFull = uPlot.fmtDate('{YYYY}-{MM}-{DD} {HH}:{mm}');

  function xValues(spec) {
    if (spec.x) return spec.x;
    var r = spec.regular, out = new Array(r.n);
    for (var i = 0; i < r.n; i++) out[i] = r.start + i * r.step;
    return out;
  }

  function alpha(color, a) {
    var h = color.replace('#', '');
    var n = parseInt(h.length === 3 ? h.replace(/(.)/g, '$1$1') : h, 16);
    return 'rgba(' + (n >> 16 & 255) + ',' + (n >> 8 & 255) + ',' + (n & 255) + ',' + a + ')';
  }

  // Horizontal rules (an SLA) and ticks along the x axis (actions), drawn over the plot.
  function overlays(spec, drawn) {
    return {
      hooks: {
        draw: [function (u) {
          var ctx = u.ctx, dpr = devicePixelRatio, b = u.bbox;
          ctx.save();
          spec.rules.forEach(function (r) {
            var y = Math.round(u.valToPos(r.y, 'y', true));
            if (y < b.top || y > b.top + b.height) return;
            ctx.strokeStyle = r.color; ctx.lineWidth = dpr; ctx.setLineDash([6 * dpr, 4 * dpr]);
            ctx.beginPath(); ctx.moveTo(b.left, y); ctx.lineTo(b.left + b.width, y); ctx.stroke();
            ctx.setLineDash([]); ctx.fillStyle = r.color;
            ctx.font = (11 * dpr) + 'px sans-serif'; ctx.textAlign = 'right';
            ctx.fillText(r.label, b.left + b.width - 4 * dpr, y - 4 * dpr);
          });
          var n = 0, min = u.scales.x.min, max = u.scales.x.max, xs = spec.markers.x;
          ctx.strokeStyle = 'rgba(0,0,0,0.35)'; ctx.lineWidth = dpr;
          ctx.beginPath();
          for (var i = 0; i < xs.length; i++) {
            if (xs[i] < min || xs[i] > max) continue;
            var x = Math.round(u.valToPos(xs[i], 'x', true));
            ctx.moveTo(x, b.top + b.height); ctx.lineTo(x, b.top + b.height - 5 * dpr);
            n++;
          }
          ctx.stroke();
          ctx.restore();
          drawn.markers = n;
        }]
      }
    };
  }

  // Fixed ranges (runs side by side on one scale) until the reader unticks the box, then each
  // chart fits what it shows.
  var groups = {}, syncing = false, fixedScales = true;

  function build(el) {
    var spec = JSON.parse(document.getElementById(el.dataset.spec).textContent);
    var drawn = {markers: 0};
    var head = document.createElement('div');
    head.innerHTML = '<div class="c-title"></div><div class="c-note"></div>';
    head.firstChild.textContent = spec.title + (spec.unit ? ' (' + spec.unit + ')' : '');
    var note = spec.note;
    if (spec.markers.x.length) {
      note = (note ? note + ' ' : '') + 'Ticks along the bottom: ' + spec.markers.label +
        ' (' + spec.markers.x.length + ').';
    }
    head.lastChild.textContent = note;
    el.appendChild(head);

    var data = [xValues(spec)], series = [{
      label: spec.time ? 'time (UTC)' : spec.xLabel,
      value: spec.time ? function (u, v) { return v == null ? '-' : fmtFull(utc(v)); } :
        function (u, v) { return fmt(v); }
    }];
    var bands = [], index = {};
    spec.series.forEach(function (s) {
      index[s.name] = data.length;
      data.push(s.values);
      var one = {
        label: s.name, stroke: s.color, width: 1.3,
        value: function (u, v) { return fmt(v); }
      };
      if (s.kind === 'dashed') one.dash = [6, 4];
      if (s.kind === 'points') {
        one.width = 0; one.paths = function () { return null; };
        one.points = {show: true, size: 7, fill: s.color, stroke: s.color};
      } else {
        one.points = {show: false};
      }
      if (s.kind === 'band') {
        one.stroke = alpha(s.color, 0.5); one.width = 0.8;
        bands.push({series: [data.length - 1, index[s.over]], fill: alpha(s.color, 0.18)});
      }
      series.push(one);
    });

    var lo = spec.yRange[0], hi = spec.yRange[1];
    var opts = {
      width: Math.max(320, el.clientWidth),
      height: spec.height,
      padding: [8, 44, 0, 0],
      series: series,
      bands: bands,
      scales: {
        x: {time: spec.time},
        y: {range: function (u, min, max) {
          var fixed = fixedScales && hi != null;
          var a = fixed && lo != null ? lo : Math.min(0, min == null ? 0 : min);
          var b = fixed ? hi : (max == null || max <= a ? a + 1 : max * 1.05);
          return [a, b];
        }}
      },
      axes: [
        spec.time ? {space: 90, values: function (u, splits, ax, space, incr) {
          return splits.map(function (v) { return v == null ? '' : (incr >= 86400 ? fmtDay : fmtMinute)(utc(v)); });
        }} : {label: spec.xLabel, labelSize: 24,
          // Whole x values (steps ahead) get whole ticks.
          incrs: data[0].every(Number.isInteger) ? [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] : undefined},
        {label: spec.unit, size: 56, values: function (u, vals) { return vals.map(fmt); }}
      ],
      legend: {live: true},
      cursor: {sync: {key: spec.group || el.dataset.spec}, drag: {x: true, y: false}},
      plugins: [overlays(spec, drawn)]
    };
    if (spec.time) {
      opts.tzDate = utc;
    }
    if (spec.group) {
      opts.hooks = {setScale: [function (u, key) {
        if (key !== 'x' || syncing) return;
        syncing = true;
        groups[spec.group].forEach(function (c) {
          if (c.u !== u) c.u.setScale('x', {min: u.scales.x.min, max: u.scales.x.max});
        });
        syncing = false;
      }]};
    }
    var u = new uPlot(opts, data, el);
    var chart = {u: u, spec: spec, el: el, drawn: drawn};
    if (spec.group) (groups[spec.group] = groups[spec.group] || []).push(chart);
    return chart;
  }

  var charts = Array.prototype.map.call(document.querySelectorAll('div.chart[data-spec]'), build);

  var shared = document.getElementById('yogurt-shared-scales');
  if (shared) {
    shared.addEventListener('change', function () {
      fixedScales = shared.checked;
      charts.forEach(function (c) { c.u.setScale('x', {min: c.u.scales.x.min, max: c.u.scales.x.max}); });
    });
  }

  var zoomTo = /zoom=([-\d.e+]+),([-\d.e+]+)/.exec(location.hash);
  if (zoomTo) {
    Object.keys(groups).forEach(function (g) {
      groups[g][0].u.setScale('x', {min: +zoomTo[1], max: +zoomTo[2]});
    });
  }

  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.u.setSize({width: Math.max(320, c.el.clientWidth), height: c.spec.height}); });
  });

  // What the page drew, read back by the tests: scales, points, a hover, the legend's fit, and
  // whether a zoom on the first chart of a group moved the others.
  function check() {
    var out = charts.map(function (c) {
      var u = c.u, legend = c.el.querySelector('.u-legend');
      var box = c.el.getBoundingClientRect(), lb = legend.getBoundingClientRect();
      var n = u.data[0].length, i = Math.floor(n / 2);
      u.setCursor({left: u.valToPos(u.data[0][i], 'x'), top: 5});
      var idx = u.cursor.idx;
      var shown = Array.prototype.map.call(legend.querySelectorAll('tr.u-series'), function (tr) {
        var v = tr.querySelector('.u-value');
        return {label: tr.querySelector('.u-label').textContent, value: v ? v.textContent : ''};
      });
      return {
        title: c.spec.title, group: c.spec.group, points: n, series: u.series.length - 1,
        xMin: u.scales.x.min, xMax: u.scales.x.max, yMin: u.scales.y.min, yMax: u.scales.y.max,
        rules: c.spec.rules.map(function (r) { return r.y; }), markers: c.drawn.markers,
        width: box.width, legendFits: legend.scrollWidth <= legend.clientWidth + 1 &&
          lb.left >= box.left - 1 && lb.right <= box.right + 1,
        hover: {index: idx, x: u.data[0][idx], values: u.data.slice(1).map(function (d) { return d[idx]; }),
          shown: shown}
      };
    });
    // uPlot applies a new scale on its next commit (a microtask): look after a turn.
    var zoom = {}, wanted = {};
    Object.keys(groups).forEach(function (g) {
      var x = groups[g][0].u.data[0];
      if (x.length < 4) return;
      wanted[g] = [x[Math.floor(x.length / 4)], x[Math.floor(x.length / 2)]];
      groups[g][0].u.setScale('x', {min: wanted[g][0], max: wanted[g][1]});
    });
    setTimeout(function () {
      Object.keys(wanted).forEach(function (g) {
        zoom[g] = groups[g].every(function (c) {
          return Math.abs(c.u.scales.x.min - wanted[g][0]) < 1e-6 &&
            Math.abs(c.u.scales.x.max - wanted[g][1]) < 1e-6;
        });
        var x = groups[g][0].u.data[0];
        groups[g][0].u.setScale('x', {min: x[0], max: x[x.length - 1]});
      });
      var pre = document.createElement('pre');
      pre.id = 'yogurt-check';
      pre.hidden = true;
      pre.textContent = JSON.stringify({charts: out, zoomFollows: zoom});
      document.body.appendChild(pre);
    }, 0);
  }

  if (location.hash === '#check') setTimeout(check, 0);
})();
