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

  // Category: the quick chips set the list's value; the list's value lights the matching chip
  // and offers the category's common phrases under the description.
  var category = document.querySelector("select[name=category]");
  var phrasesBox = document.querySelector("[data-phrases]");
  var phrasesData = document.getElementById("category-phrases");
  var phrases = phrasesData ? JSON.parse(phrasesData.textContent) : {};
  function showPhrases() {
    if (!category) { return; }
    document.querySelectorAll("[data-category-chips] .chip").forEach(function (chip) {
      chip.setAttribute("aria-pressed", chip.dataset.category === category.value ? "true" : "false");
    });
    if (!phrasesBox) { return; }
    phrasesBox.textContent = "";
    (phrases[category.value] || []).forEach(function (text) {
      var chip = document.createElement("button");
      chip.type = "button";
      chip.className = "chip chip-phrase";
      chip.textContent = text;
      phrasesBox.appendChild(chip);
    });
    phrasesBox.hidden = !phrasesBox.children.length;
  }
  if (category) {
    category.addEventListener("change", showPhrases);
    showPhrases();
  }
  document.addEventListener("click", function (event) {
    var chip = event.target.closest("[data-category-chips] .chip");
    if (chip && category) {
      category.value = chip.dataset.category;
      showPhrases();
      return;
    }
    var phrase = event.target.closest(".chip-phrase");
    if (phrase) {
      var text = document.querySelector("textarea[name=description]");
      var sep = text.value && !/[\s。，,.]$/.test(text.value) ? "，" : "";
      text.value = text.value + sep + phrase.textContent;
      phrase.setAttribute("aria-pressed", "true");
      return;
    }
    // The place picker: a found place goes in the hidden field; "Change" searches again.
    var option = event.target.closest(".place-option");
    var picker = event.target.closest("[data-place-picker]");
    if (option && picker) {
      placeChoose(picker, option.dataset.placeId, option.dataset.placeLabel);
      return;
    }
    if (event.target.closest("[data-place-clear]") && picker) {
      placeChoose(picker, "", "");
      var search = picker.querySelector("input[type=search]");
      if (search) { search.focus(); }
    }
  });

  function placeChoose(picker, id, label) {
    var hidden = document.getElementById(picker.dataset.target);
    hidden.value = id;
    picker.querySelector("[data-place-label]").textContent = label;
    picker.querySelector("[data-place-chosen]").hidden = !id;
    picker.querySelector("[data-place-search]").hidden = !!id;
    var results = picker.querySelector(".place-results");
    if (results) { results.textContent = ""; }
    var households = document.getElementById("id_household");
    var box = document.querySelector("[data-household-field]");
    if (households && picker.dataset.households && window.htmx) {
      if (!id) {
        households.innerHTML = "<option value=\"\">—</option>";
        if (box) { box.hidden = true; }
        return;
      }
      htmx.ajax("GET", picker.dataset.households + "?area=" + encodeURIComponent(id), {target: households, swap: "innerHTML"}).then(function () {
        if (box) { box.hidden = households.options.length < 2; }
      });
    }
  }

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
