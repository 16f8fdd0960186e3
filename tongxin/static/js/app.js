// Small behaviours that need no framework. Served by the app itself (no CDN).
(function () {
  var nav = document.querySelector(".nav-toggle");
  if (nav && window.matchMedia("(max-width: 760px)").matches) { nav.removeAttribute("open"); }
  // Tree nodes: the +/− button shows or hides what is under a node; htmx loads it the first time.
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".tree .twisty");
    if (!button) { return; }
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    var subtree = document.getElementById(button.getAttribute("aria-controls"));
    if (subtree) { subtree.hidden = !open; }
  });
})();
// Removing a record asks first: forms marked data-confirm say what will happen.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) { event.preventDefault(); }
});
