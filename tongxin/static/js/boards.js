/* The lobby screen of a public board: one section at a time, in turn — a section taller than the
   screen is shown a screenful at a time — and a reload (fresh data) after a round. Someone standing
   at it may pause it (WCAG 2.2.2). Without scripts every section shows, one under another, and a
   meta refresh reloads the page. */
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll(".screen-slide"));
  var dots = Array.prototype.slice.call(document.querySelectorAll(".screen-dots li"));
  var seconds = parseInt(document.body.getAttribute("data-seconds"), 10) || 20;
  var pause = document.querySelector(".screen-pause");
  var paused = false;
  var current = 0;
  var step = 0;
  if (!slides.length) return;
  document.body.classList.add("is-rotating");
  if (pause) {
    pause.hidden = false;
    pause.addEventListener("click", function () {
      paused = !paused;
      pause.setAttribute("aria-pressed", paused ? "true" : "false");
      pause.textContent = pause.getAttribute(paused ? "data-resume" : "data-pause");
    });
  }
  function show(n) {
    slides.forEach(function (s, i) { s.hidden = i !== n; });
    dots.forEach(function (d, i) {
      if (i === n) d.setAttribute("aria-current", "step"); else d.removeAttribute("aria-current");
    });
    window.scrollTo(0, 0);
  }
  function screenfuls() {
    var foot = document.querySelector(".screen-foot");
    var room = window.innerHeight - (foot ? foot.offsetHeight : 0);
    return Math.max(1, Math.ceil(document.documentElement.scrollHeight / Math.max(room * 0.9, 1)));
  }
  function tick() {
    if (!paused) {
      step += 1;
      if (step < screenfuls()) {
        var foot = document.querySelector(".screen-foot");
        window.scrollTo(0, step * (window.innerHeight - (foot ? foot.offsetHeight : 0)) * 0.9);
      } else if (current + 1 < slides.length) {
        current += 1;
        step = 0;
        show(current);
      } else {
        window.location.reload(); // a round is done: fresh data
        return;
      }
    }
    window.setTimeout(tick, seconds * 1000);
  }
  show(0);
  window.setTimeout(tick, seconds * 1000);
})();
