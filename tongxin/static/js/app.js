// Small behaviours that need no framework. Served by the app itself (no CDN).
(function () {
  // The phone's menu: the 菜单 button in the header opens the menu as a sheet over the page.
  var button = document.querySelector(".menu-button");
  var menu = document.getElementById("menu");
  function setOpen(open) {
    if (!button || !menu) { return; }
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-open", open);
    document.body.classList.toggle("menu-open", open);
    if (open) {
      var first = menu.querySelector("a, button");
      if (first) { first.focus(); }
    }
  }
  if (button && menu) {
    button.addEventListener("click", function () { setOpen(button.getAttribute("aria-expanded") !== "true"); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.classList.contains("is-open")) { setOpen(false); button.focus(); }
    });
  }
  // Search and filters fold away on a phone unless the list is filtered (open at the desk).
  if (window.matchMedia("(max-width: 760px)").matches) {
    document.querySelectorAll("details.filters-fold:not([data-keep-open])").forEach(function (fold) { fold.removeAttribute("open"); });
  }
  // Tree nodes: the +/− button shows or hides what is under a node; htmx loads it the first time.
  document.addEventListener("click", function (event) {
    var twisty = event.target.closest(".tree .twisty");
    if (!twisty) { return; }
    var open = twisty.getAttribute("aria-expanded") !== "true";
    twisty.setAttribute("aria-expanded", open ? "true" : "false");
    var subtree = document.getElementById(twisty.getAttribute("aria-controls"));
    if (subtree) { subtree.hidden = !open; }
  });
})();
// Removing a record asks first: forms marked data-confirm say what will happen.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) { event.preventDefault(); }
});
