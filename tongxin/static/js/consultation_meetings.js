// The attendance tick list: the head count and the quorum follow each tick, before saving.
(function () {
  var list = document.getElementById("tick-list");
  var out = document.getElementById("present-now");
  if (!list || !out) { return; }
  var needed = parseInt(out.dataset.needed || "0", 10);
  var verdict = document.getElementById("quorum-now");
  function update() {
    var n = list.querySelectorAll("input[type=checkbox]:checked").length;
    out.textContent = String(n);
    if (verdict) {
      var met = n >= needed;
      verdict.textContent = met ? verdict.dataset.met : verdict.dataset.notMet;
      verdict.className = "result " + (met ? "result-passed" : "result-no_quorum");
    }
  }
  list.addEventListener("change", update);
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-tick-all]");
    if (!button) { return; }
    event.preventDefault();
    var on = button.dataset.tickAll === "1";
    list.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = on; });
    update();
  });
})();
