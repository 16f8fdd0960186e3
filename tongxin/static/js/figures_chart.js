// The bar charts of the figures pages (consultation: raised, decided, carried out per place;
// co-building: projects claimed, in progress, completed): each `.chart[data-chart-data]` draws the
// numbers of the JSON script whose id it names, the same numbers as the table on the same page.
// ECharts is served by the app (npm, no CDN). Labels come from the database and are drawn as text
// by ECharts, never as HTML.
(function () {
  "use strict";
  if (!window.echarts) { return; }
  document.querySelectorAll(".chart[data-chart-data]").forEach(function (el) {
    var dataEl = document.getElementById(el.getAttribute("data-chart-data"));
    if (dataEl) { draw(el, JSON.parse(dataEl.textContent)); }
  });

  function draw(el, data) {
    var calm = document.documentElement.classList.contains("elder") ||
      (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      // One palette: Party red for the first series (raised, claimed), grey for the next (decided, in
      // progress), green for what was done (carried out, completed).
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
  }
})();
