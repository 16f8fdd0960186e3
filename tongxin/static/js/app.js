// Small behaviours that need no framework. Served by the app itself (no CDN).
(function () {
  var nav = document.querySelector(".nav-toggle");
  if (nav && window.matchMedia("(max-width: 760px)").matches) { nav.removeAttribute("open"); }
})();
