// A place's map point on its public page: Leaflet served by the app, tiles only when
// MAP_TILE_URL names a server (as on the case map). The name is set as text, never as HTML.
(function () {
  "use strict";
  var el = document.getElementById("place-map");
  var configEl = document.getElementById("place-map-config");
  if (!el || !configEl || !window.L) { return; }
  var config = JSON.parse(configEl.textContent);
  var map = L.map(el, { attributionControl: Boolean(config.tiles), zoomControl: true, minZoom: 3, maxZoom: 19 });
  if (config.tiles) {
    map.attributionControl.setPrefix(false);
    L.tileLayer(config.tiles.url, { attribution: config.tiles.attribution, maxZoom: 19 }).addTo(map);
  }
  map.setView([config.lat, config.lng], 17);
  var label = document.createElement("span");
  label.textContent = config.name;
  L.marker([config.lat, config.lng], {
    icon: L.divIcon({ className: "", html: '<span class="place-pin">⌂</span>', iconSize: [28, 28], iconAnchor: [14, 14] }),
    title: config.name,
  }).bindTooltip(label, { permanent: true, direction: "right", className: "place-pin-label", offset: [14, 0] }).addTo(map);
  el.setAttribute("data-loaded", "true");
})();
