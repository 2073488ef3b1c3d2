/*
 * Dashboard charts (Chart.js 4, served from static/vendor/chartjs/; no CDN).
 *
 * Every <canvas data-chart="ID"> is drawn from the JSON in <script type="application/json" id="ID">,
 * written by Django's json_script: the Content-Security-Policy forbids inline scripts, so no chart
 * code lives in the page. The JSON (partnerships/selectors/dashboard/tables.py, Chart.config) holds:
 *   type ("bar" | "line"), labels, datasets [{key, label, data, color}], unit ("money" | "percent" |
 *   "hours" | "number"), currency, axisTitle, locale ("en" | "he") and rtl (true in Hebrew).
 *
 * Right to left: Chart.js's rtl and textDirection on the legend and tooltips, the category axis
 * reversed (the first year or program at the right) and the value axis on the right.
 * The figures of every chart are also in the table that follows it.
 */
(function () {
  "use strict";

  if (typeof window.Chart === "undefined") {
    return;
  }
  var Chart = window.Chart;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#1b1f24";

  function formatter(spec) {
    var locale = spec.locale || document.documentElement.lang || "en";
    var options = {maximumFractionDigits: spec.unit === "percent" ? 1 : 2};
    if (spec.unit === "money") {
      options = {style: "currency", currency: spec.currency || "USD", maximumFractionDigits: 0};
    }
    var format;
    try {
      format = new Intl.NumberFormat(locale, options);
    } catch (error) {
      format = new Intl.NumberFormat(undefined, {maximumFractionDigits: 2});
    }
    return function (value) {
      if (value === null || value === undefined) {
        return "";
      }
      return format.format(value) + (spec.unit === "percent" ? "%" : "");
    };
  }

  function configure(spec) {
    var rtl = spec.rtl === true;
    var direction = rtl ? "rtl" : "ltr";
    var line = spec.type === "line";
    var format = formatter(spec);
    // Right to left, a group of bars reads from the right too: the first series is drawn rightmost
    // (the series are reversed), while the legend and the tooltip keep the series' own order.
    var series = rtl ? spec.datasets.slice().reverse() : spec.datasets;
    return {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: series.map(function (dataset) {
          return {
            label: dataset.label,
            data: dataset.data,
            backgroundColor: dataset.color,
            borderColor: dataset.color,
            borderWidth: line ? 2 : 0,
            pointRadius: line ? 3 : 0,
            spanGaps: true,
            tension: 0
          };
        })
      },
      options: {
        locale: spec.locale,
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : {duration: 300},
        interaction: {mode: "index", intersect: false},
        plugins: {
          legend: {position: "bottom", rtl: rtl, textDirection: direction, reverse: rtl},
          tooltip: {
            rtl: rtl,
            textDirection: direction,
            itemSort: function (a, b) {
              return rtl ? b.datasetIndex - a.datasetIndex : a.datasetIndex - b.datasetIndex;
            },
            callbacks: {
              label: function (context) {
                return context.dataset.label + ": " + format(context.parsed.y);
              }
            }
          }
        },
        scales: {
          x: {reverse: rtl, offset: true, ticks: {autoSkip: true, maxRotation: 60}},
          y: {
            position: rtl ? "right" : "left",
            beginAtZero: true,
            max: spec.unit === "percent" ? 100 : undefined,
            ticks: {callback: function (value) { return format(value); }},
            title: {display: Boolean(spec.axisTitle), text: spec.axisTitle}
          }
        }
      }
    };
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    canvas.setAttribute("data-rtl", spec.rtl === true ? "true" : "false");
    new Chart(canvas, configure(spec));
  }

  Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
}());
