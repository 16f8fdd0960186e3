// The notice form: a counter under the text message (what is left of its 300 characters).
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-counter]").forEach(function (area) {
    var limit = parseInt(area.getAttribute("data-counter"), 10);
    var out = document.createElement("p");
    out.className = "char-counter";
    out.setAttribute("aria-live", "polite");
    out.id = area.id + "_counter";
    area.insertAdjacentElement("afterend", out);
    var template = area.getAttribute("data-counter-words") || "{n} / {limit}";
    function update() {
      var n = area.value.length;
      out.textContent = template.replace("{n}", n).replace("{limit}", limit);
      out.classList.toggle("over", n > limit);
    }
    area.addEventListener("input", update);
    update();
  });
})();
