// The co-building figures' bar chart: projects claimed, in progress and completed per place, from
// the table on the same page (numbers in #cobuilding-chart-data). ECharts is served by the app
// (npm, no CDN). Labels come from the database and are drawn as text by ECharts, never as HTML.
(function () {
  "use strict";
  var el = document.getElementById("cobuilding-chart");
  var dataEl = document.getElementById("cobuilding-chart-data");
  if (!el || !dataEl || !window.echarts) { return; }
  var data = JSON.parse(dataEl.textContent);
  var calm = document.documentElement.classList.contains("elder") ||
    (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  var chart = window.echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    // One palette: Party red for claimed, grey for in progress, green for completed.
    color: ["#C8102E", "#6B7280", "#15803D"],
    textStyle: { fontFamily: 'system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif' },
    animation: !calm,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0, textStyle: { fontSize: 14 } },
    grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, fontSize: 13, rotate: data.labels.length > 6 ? 30 : 0 } },
    yAxis: { type: "value", minInterval: 1, axisLabel: { fontSize: 13 } },
    series: data.series.map(function (s) {
      // The number on each bar; none on an empty one (a row of 0s reads as clutter, the table has them).
      return {
        name: s.name, type: "bar", data: s.values, barMaxWidth: 48,
        label: { show: true, position: "top", fontSize: 13, formatter: function (p) { return p.value ? String(p.value) : ""; } }
      };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
