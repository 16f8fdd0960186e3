// Case forms: the photo picker (what was chosen; several camera shots) and "use my location".
// Served by the app itself (no CDN); the forms work without it, only less conveniently.
(function () {
  "use strict";

  function showChosen(picker) {
    var list = picker.querySelector(".photo-chosen");
    var count = 0;
    list.textContent = "";
    picker.querySelectorAll("input.photo-input").forEach(function (input) {
      Array.prototype.forEach.call(input.files || [], function (file) {
        count += 1;
        var item = document.createElement("li");
        if (/^image\/(jpeg|png|webp)$/.test(file.type) && window.URL && URL.createObjectURL) {
          var img = document.createElement("img");
          img.alt = "";
          img.width = 56;
          img.height = 56;
          img.src = URL.createObjectURL(file);
          img.onload = function () { URL.revokeObjectURL(img.src); };
          item.appendChild(img);
        }
        var name = document.createElement("span");
        name.textContent = file.name;
        item.appendChild(name);
        list.appendChild(item);
      });
    });
    if (count > parseInt(picker.dataset.max, 10)) {
      var warning = document.createElement("li");
      warning.className = "error";
      warning.textContent = picker.dataset.tooMany;
      list.appendChild(warning);
    }
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("photo-input")) { return; }
    var picker = input.closest("[data-photo-picker]");
    if (!picker) { return; }
    if (input.hasAttribute("data-camera") && input.files.length) {
      // A camera input holds one shot: keep it (hidden inputs are still sent) and put a fresh
      // one under the button for the next shot.
      var label = picker.querySelector("label[for='" + input.id + "']");
      var fresh = input.cloneNode(false);
      fresh.value = "";
      fresh.id = input.id.replace(/_\d+$/, "") + "_" + picker.querySelectorAll("input[data-camera]").length;
      input.hidden = true;
      input.removeAttribute("id");
      input.parentNode.insertBefore(fresh, label);
      if (label) { label.htmlFor = fresh.id; }
    }
    showChosen(picker);
  });

  document.querySelectorAll("[data-locate]").forEach(function (box) {
    var button = box.querySelector("[data-locate-button]");
    var status = box.querySelector("[data-locate-status]");
    if (!button || !navigator.geolocation) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = button.dataset.wait;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          box.querySelector("input[name=latitude]").value = position.coords.latitude.toFixed(6);
          box.querySelector("input[name=longitude]").value = position.coords.longitude.toFixed(6);
          status.textContent = button.dataset.found.replace("%(m)s", Math.round(position.coords.accuracy));
        },
        function () { status.textContent = button.dataset.failed; },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  });
})();
