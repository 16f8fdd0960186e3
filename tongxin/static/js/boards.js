/* The lobby screen of a public board: one section at a time, in turn; the page's meta refresh
   reloads it (fresh data) after a round. Without scripts every section shows, one under another. */
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll(".screen-slide"));
  var dots = Array.prototype.slice.call(document.querySelectorAll(".screen-dots li"));
  if (slides.length < 2) return;
  var seconds = parseInt(document.body.getAttribute("data-seconds"), 10) || 20;
  var current = 0;
  document.body.classList.add("is-rotating");
  function show(n) {
    slides.forEach(function (s, i) { s.hidden = i !== n; });
    dots.forEach(function (d, i) {
      if (i === n) d.setAttribute("aria-current", "step"); else d.removeAttribute("aria-current");
    });
  }
  show(0);
  window.setInterval(function () { current = (current + 1) % slides.length; show(current); }, seconds * 1000);
})();
