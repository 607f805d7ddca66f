/* LSTM Lab report: draws the charts from the JSON in #report-data with ECharts (inlined above).
 * Text from the report reaches the page only through esc() or as canvas text. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var labels = data.series ? data.series.labels : null; // with the forecast's times past the end
  var FONT = getComputedStyle(document.body).fontFamily;
  var charts = [];

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  // Up to 5 significant digits; scientific outside [1e-3, 1e5), like Numbers.plain in Java.
  function fmt(v) {
    if (v === null || v === undefined || typeof v !== 'number' || !isFinite(v)) return '–';
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(3).replace('e+', 'e');
    return String(Number(v.toPrecision(5)));
  }
  // An axis label: as fmt, without the trailing zeros of a power of ten (1e-4, not 1.000e-4).
  function tick(v) {
    return fmt(v).replace(/\.?0+e/, 'e');
  }
  // A position on the x axis as a person reads it: the label at that row, or +k past the end.
  function xText(x) {
    if (!labels) return fmt(x);
    var i = Math.round(x);
    if (i >= 0 && i < labels.length) return labels[i];
    if (i >= labels.length) return '+' + (i - labels.length + 1);
    return fmt(x);
  }
  // One readout row; with y2, the row reads as a range "y – y2".
  function tooltipRow(marker, name, y, y2) {
    var value = y2 === undefined ? fmt(y) : fmt(y) + ' – ' + fmt(y2);
    return '<div style="display:flex;justify-content:space-between;gap:18px">' +
        '<span>' + marker + esc(name) + '</span>' +
        '<span style="font-family:ui-monospace,monospace;font-weight:600">' + esc(value) +
        '</span></div>';
  }
  // The hover readout of an axis-triggered chart; xFormat reads the x value (xText on the series
  // chart, fmt elsewhere); xName, when given, heads it as "step 40".
  function tooltipOf(xFormat, xName) {
    return function (params) {
      if (!params.length) return '';
      var x = xFormat(params[0].axisValue);
      var head = '<div class="tt-head" style="font-weight:600;margin-bottom:4px">' +
          esc(xName ? xName + ' ' + x : x) + '</div>';
      var rows = params.map(function (p) {
        if (p.seriesType === 'custom') { // an interval band: [x, lower, upper]
          return tooltipRow(p.marker, p.seriesName, p.value[1], p.value[2]);
        }
        var y = Array.isArray(p.value) ? p.value[1] : p.value;
        return tooltipRow(p.marker, p.seriesName, y);
      });
      return head + rows.join('');
    };
  }
  // On narrow screens the legend takes the whole top row and the toolbox moves below it.
  function narrow(el) { return el.clientWidth < 640; }
  function legendAndTools(el, tools) {
    var n = narrow(el);
    return {
      legend: merge(legendOf(n), { width: Math.max(100, el.clientWidth - (n ? 0 : 130)) }),
      toolbox: merge({ right: 4, top: n ? 26 : -4, itemSize: 15, iconStyle: { borderColor: '#64748b' } }, tools),
      gridTop: n ? 72 : 44
    };
  }
  function legendOf(n) {
    return {
      type: 'scroll', top: 0, left: 0, right: n ? 0 : 120, itemWidth: 28, itemHeight: 12, itemGap: 14,
      textStyle: { color: '#334155', fontSize: 13 }
    };
  }
  function base(formatter) {
    return {
      animation: false,
      textStyle: { fontFamily: FONT },
      tooltip: {
        trigger: 'axis', formatter: formatter, confine: true,
        axisPointer: { type: 'line', lineStyle: { color: '#94a3b8' } },
        backgroundColor: 'rgba(255,255,255,0.97)', borderColor: '#e2e8f0',
        textStyle: { color: '#0f172a', fontSize: 13 },
        extraCssText: 'box-shadow:0 4px 14px rgba(15,23,42,.12);border-radius:8px;'
      }
    };
  }
  function axisCommon() {
    return {
      axisLine: { lineStyle: { color: '#cbd5e1' } },
      axisTick: { lineStyle: { color: '#cbd5e1' } },
      axisLabel: { color: '#64748b' },
      splitLine: { lineStyle: { color: '#eef2f7' } },
      nameTextStyle: { color: '#64748b', fontSize: 12 }
    };
  }
  function merge(a, b) {
    Object.keys(b).forEach(function (k) { a[k] = b[k]; });
    return a;
  }
  function line(name, points, color, extra) {
    return merge({
      name: name, type: 'line', data: points, color: color, symbol: 'none', symbolSize: 5,
      sampling: 'lttb', connectNulls: false, lineStyle: { width: 1.8 },
      emphasis: { focus: 'none', lineStyle: { width: 2.4 } }
    }, extra || {});
  }
  function fileName() {
    return (data.title || 'report').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'report';
  }

  // An interval band as one polygon: along the upper bounds, back along the lower ones. Its data
  // ([x, lower, upper] per point) set the y range and feed the readout.
  function bandSeries(b) {
    var pts = b.points;
    return {
      name: b.name, type: 'custom', color: b.color, z: 2, data: pts,
      encode: { x: 0, y: [1, 2] },
      renderItem: function (params, api) {
        if (params.dataIndex !== 0) return null;
        var upper = pts.map(function (p) { return api.coord([p[0], p[2]]); });
        var lower = pts.map(function (p) { return api.coord([p[0], p[1]]); }).reverse();
        var cs = params.coordSys;
        return {
          type: 'polygon', shape: { points: upper.concat(lower) },
          style: { fill: b.color, opacity: 0.16 },
          clipPath: { type: 'rect', shape: { x: cs.x, y: cs.y, width: cs.width, height: cs.height } }
        };
      }
    };
  }

  // ---- (1) the series, actual against each model's predictions and forecasts, interval bands,
  // the held-out parts shaded, and the baselines listed in the legend, drawn when picked
  function seriesChart(el) {
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    var s = data.series;
    var list = [line(s.name, s.points, s.color, { z: 1, lineStyle: { width: 1.6 } })];
    var selected = {};
    data.predictions.forEach(function (t) { list.push(line(t.name, t.points, t.color, { z: 3 })); });
    data.baselines.forEach(function (t) {
      selected[t.name] = false;
      list.push(line(t.name, t.points, t.color, { z: 2, lineStyle: { width: 1.3 } }));
    });
    data.bands.forEach(function (b) { list.push(bandSeries(b)); });
    data.forecasts.forEach(function (t) {
      list.push(line(t.name, t.points, t.color, { z: 3, lineStyle: { width: 2, type: [6, 4] } }));
    });
    if (data.regions.length) {
      list[0].markArea = {
        silent: true,
        label: { position: 'insideTop', color: '#475569', fontSize: 11 },
        data: data.regions.map(function (r, i) {
          return [{ name: r.label, xAxis: r.from,
            itemStyle: { color: i % 2 ? 'rgba(100,116,139,0.14)' : 'rgba(100,116,139,0.07)' } },
            { xAxis: r.to }];
        })
      };
    }
    if (data.forecasts.length && s.points.length) {
      // A thin rule where the data ends and forecasting begins.
      list[0].markLine = {
        silent: true, symbol: 'none', animation: false,
        lineStyle: { color: '#94a3b8', type: 'dotted', width: 1 },
        label: { formatter: 'end of data', color: '#64748b', position: 'end', fontSize: 11 },
        data: [{ xAxis: s.points[s.points.length - 1][0] }]
      };
    }
    var top = legendAndTools(el, {
      feature: {
        dataZoom: { yAxisIndex: 'none', title: { zoom: 'Box zoom', back: 'Undo zoom' } },
        restore: { title: 'Restore' },
        saveAsImage: { title: 'Save as PNG', name: fileName(), pixelRatio: 2, backgroundColor: '#fff' }
      }
    });
    var opt = merge(base(tooltipOf(xText)), {
      color: list.map(function (x) { return x.color; }),
      legend: merge(top.legend, { selected: selected }),
      toolbox: top.toolbox,
      grid: { left: 8, right: 18, top: top.gridTop, bottom: 66, containLabel: true },
      xAxis: merge(axisCommon(), {
        type: 'value', name: s.xName, nameLocation: 'middle', nameGap: 26,
        min: 'dataMin', max: 'dataMax',
        // The last label would sit half outside the chart at dataMax; hover reads that end.
        axisLabel: { color: '#64748b', formatter: xText, hideOverlap: true, showMaxLabel: false },
        splitLine: { show: false }
      }),
      yAxis: merge(axisCommon(), { type: 'value', scale: true, axisLabel: { color: '#64748b', formatter: fmt } }),
      dataZoom: [
        { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
        {
          type: 'slider', xAxisIndex: 0, filterMode: 'none', height: 22, bottom: 6,
          borderColor: '#e2e8f0', fillerColor: 'rgba(37,99,235,0.10)',
          handleStyle: { color: '#fff', borderColor: '#94a3b8' },
          dataBackground: { lineStyle: { color: '#94a3b8' }, areaStyle: { color: '#e2e8f0' } },
          labelFormatter: function (v) { return xText(v); }
        }
      ],
      series: list
    });
    chart.setOption(opt);
    return chart;
  }

  // ---- (2) loss per epoch: training solid, validation dashed, optional log scale
  function lossChart(el, box) {
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    var list = [];
    var positive = true;
    var lo = Infinity;
    var hi = -Infinity;
    function epochs(values) {
      return values.map(function (v, i) {
        if (v !== null) {
          positive = positive && v > 0;
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        return [i + 1, v];
      });
    }
    data.losses.forEach(function (l) {
      list.push(line(l.model + ' train', epochs(l.train), l.color, {}));
      if (l.validation.length) {
        list.push(line(l.model + ' validation', epochs(l.validation), l.color,
            { lineStyle: { width: 1.8, type: [6, 4] } }));
      }
    });
    // Log scale by default when the loss falls over more than two decades.
    var useLog = positive && isFinite(lo) && hi / lo > 100;
    if (!positive) {
      box.disabled = true;
      box.parentNode.classList.add('disabled');
      box.parentNode.title = 'some losses are zero or negative';
    }
    box.checked = useLog;
    function yAxis(log) {
      return merge(axisCommon(), {
        type: log ? 'log' : 'value', name: 'loss', scale: true, nameGap: 12,
        axisLabel: { color: '#64748b', formatter: fmt }, minorSplitLine: { show: false }
      });
    }
    var top = legendAndTools(el, {
      feature: { saveAsImage: { title: 'Save as PNG', name: fileName() + '-loss', pixelRatio: 2, backgroundColor: '#fff' } }
    });
    chart.setOption(merge(base(tooltipOf(fmt, 'epoch')), {
      color: list.map(function (x) { return x.color; }),
      legend: top.legend,
      toolbox: top.toolbox,
      grid: { left: 8, right: 18, top: top.gridTop, bottom: 30, containLabel: true },
      xAxis: merge(axisCommon(), {
        type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 26, min: 1, max: 'dataMax',
        minInterval: 1,
        splitLine: { show: false }
      }),
      yAxis: yAxis(useLog),
      dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }],
      series: list
    }));
    box.addEventListener('change', function () { chart.setOption({ yAxis: yAxis(box.checked) }); });
    return chart;
  }

  // ---- (3) curves against steps (learning curves): a line per model, dashed reference lines
  // (a baseline's score) across the whole x range, a log-scale switch when the chart asks for one
  function curveChart(el, c, box) {
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    var x0 = Infinity;
    var x1 = -Infinity;
    var list = c.curves.map(function (t) {
      t.points.forEach(function (p) { x0 = Math.min(x0, p[0]); x1 = Math.max(x1, p[0]); });
      // Learning curves have few points (one per evaluation): mark them while they stay apart.
      return line(t.name, t.points, t.color, {
        z: 3, symbol: 'circle', showSymbol: t.points.length <= 60, sampling: undefined
      });
    });
    if (!isFinite(x0)) { x0 = 0; x1 = 1; }
    // A reference is a two-point line, so that it sets the axis range, toggles in the legend and
    // reads in the tooltip like the curves. Its label (an invisible mark line's, since a line
    // without symbols shows no point labels) goes at the end of it the curves leave free, as
    // LabelPlacement chose for the PNG too.
    c.references.forEach(function (r) {
      list.push(line(r.label, [[x0, r.value], [x1, r.value]], r.color, {
        z: 2, lineStyle: { width: 1.6, type: [7, 5] }, emphasis: { disabled: true },
        sampling: undefined,
        markLine: {
          silent: true, symbol: 'none', animation: false, lineStyle: { color: 'rgba(0,0,0,0)' },
          label: { position: r.labelPosition, formatter: r.label, color: '#334155', fontSize: 12 },
          data: [{ yAxis: r.value }]
        }
      }));
    });
    var useLog = c.logScale && c.logScaleUsable;
    if (box) {
      if (!c.logScaleUsable) {
        box.disabled = true;
        box.parentNode.classList.add('disabled');
        box.parentNode.title = 'some values are zero or negative';
      }
      box.checked = useLog;
    }
    function yAxis(log) {
      // Linear: from zero, so a ratio to the reference reads off the chart; log: decades.
      return merge(axisCommon(), {
        type: log ? 'log' : 'value', name: c.yName, scale: false, nameGap: 12,
        nameTextStyle: { color: '#64748b', fontSize: 12, align: 'left' }, // not cut at the left edge
        axisLabel: { color: '#64748b', formatter: tick }, minorSplitLine: { show: false }
      });
    }
    var top = legendAndTools(el, {
      feature: {
        dataZoom: { yAxisIndex: 'none', title: { zoom: 'Box zoom', back: 'Undo zoom' } },
        restore: { title: 'Restore' },
        saveAsImage: { title: 'Save as PNG', name: fileName() + '-' + el.id, pixelRatio: 2, backgroundColor: '#fff' }
      }
    });
    // The axis readout lists only series with a point near the pointer, and a reference has points
    // at its two ends only: so the readout lists the curves, then every reference shown.
    var isReference = {};
    c.references.forEach(function (r) { isReference[r.label] = true; });
    var curvesTip = tooltipOf(fmt, c.xName);
    var opt = base(function (params) {
      var curves = params.filter(function (p) { return !isReference[p.seriesName]; });
      if (!curves.length) return '';
      var selected = chart.getOption().legend[0].selected || {};
      return curvesTip(curves) + c.references.filter(function (r) {
        return selected[r.label] !== false;
      }).map(function (r) {
        var dash = '<span style="display:inline-block;width:12px;margin-right:5px;vertical-align:middle;' +
            'border-top:2px dashed ' + r.color + '"></span>'; // the colour comes from Palette
        return tooltipRow(dash, r.name, r.value);
      }).join('');
    });
    opt.tooltip.axisPointer.snap = true; // the readout's x is an evaluation's step, not a fraction
    chart.setOption(merge(opt, {
      color: list.map(function (x) { return x.color; }),
      legend: top.legend,
      toolbox: top.toolbox,
      grid: { left: 8, right: 18, top: top.gridTop, bottom: 30, containLabel: true },
      xAxis: merge(axisCommon(), {
        type: 'value', name: c.xName, nameLocation: 'middle', nameGap: 26,
        min: 'dataMin', max: 'dataMax', axisLabel: { color: '#64748b', formatter: fmt, hideOverlap: true },
        splitLine: { show: false }
      }),
      yAxis: yAxis(useLog),
      dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }],
      series: list
    }));
    if (box) {
      box.addEventListener('change', function () { chart.setOption({ yAxis: yAxis(box.checked) }); });
    }
    return chart;
  }

  var seriesEl = document.getElementById('chart-series');
  if (seriesEl) charts.push(seriesChart(seriesEl));
  var lossEl = document.getElementById('chart-loss');
  if (lossEl) charts.push(lossChart(lossEl, document.getElementById('loss-log')));
  data.charts.forEach(function (c, i) {
    var el = document.getElementById('chart-curves-' + i);
    if (el) charts.push(curveChart(el, c, document.getElementById('curves-log-' + i)));
  });
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
