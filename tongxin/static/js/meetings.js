// The attendance sheet: one button marks everyone present, then the secretary changes the few who were not.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-all-present]");
  if (!button) { return; }
  event.preventDefault();
  document.querySelectorAll(".roster input[type=radio][value=present]").forEach(function (radio) { radio.checked = true; });
});
