// The case map: grid outlines shaded by open cases, and case markers, from the scoped GeoJSON.
// Leaflet is served by the app (npm, no CDN); there are no tiles unless MAP_TILE_URL names a
// server on the intranet. Names come from the database: text is always set as text, never as HTML.
(function () {
  "use strict";
  var el = document.getElementById("case-map");
  var configEl = document.getElementById("case-map-config");
  if (!el || !configEl || !window.L) { return; }
  var config = JSON.parse(configEl.textContent);
  var text = config.text;
  var note = document.getElementById("map-note");
  var GROUP_PX = 30;
  var MAX_LISTED = 10;

  var map = L.map(el, { zoomSnap: 0.25, attributionControl: Boolean(config.tiles), minZoom: 3, maxZoom: 19 });
  if (config.tiles) {
    map.attributionControl.setPrefix(false);
    L.tileLayer(config.tiles.url, { attribution: config.tiles.attribution, maxZoom: 19 }).addTo(map);
  }
  map.setView(config.centre, 13);
  // Grid labels sit above the polygons but under the case markers (Leaflet's overlay pane is
  // 400, markers 600, tooltips 650).
  map.createPane("gridLabels").style.zIndex = 450;

  function node(tag, className, content) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    if (content !== undefined) { element.textContent = content; }
    return element;
  }

  // A function as the replacement, so "$&" in a name is not read as a pattern.
  function fmt(template, value) { return template.replace("%(n)s", function () { return String(value); }); }

  function say(message) {
    if (!note) { return; }
    var line = node("span", "", message);
    if (note.hidden) { note.textContent = ""; note.hidden = false; } else { note.appendChild(document.createTextNode(" ")); }
    note.appendChild(line);
  }

  function gridLabel(p) {
    var label = node("span", "grid-label-inner");
    label.appendChild(node("span", "grid-label-name", p.name));
    label.appendChild(node("span", "grid-label-count" + (p.overdue ? " has-overdue" : ""), String(p.open)));
    return label;
  }

  function gridPopup(p) {
    var box = node("div", "map-popup");
    box.appendChild(node("strong", "", p.name));
    if (p.community) { box.appendChild(node("div", "muted", fmt(text.community, p.community))); }
    box.appendChild(node("div", "", fmt(text.open, p.open)));
    if (p.overdue) { box.appendChild(node("div", "status status-overdue", fmt(text.overdueCount, p.overdue))); }
    if (p.url) {
      var link = node("a", "", text.details);
      link.href = p.url;
      box.appendChild(link);
    }
    return box;
  }

  function casePopup(p) {
    var box = node("div", "map-popup");
    var link = node("a", "num", p.tracking_code);
    link.href = p.url;
    var title = node("strong");
    title.appendChild(link);
    box.appendChild(title);
    box.appendChild(node("div", "", p.category));
    box.appendChild(node("div", "muted", fmt(text.state, p.state_label)));
    if (p.overdue) { box.appendChild(node("div", "status status-overdue", text.overdue)); }
    return box;
  }

  function caseIcon(group) {
    var overdue = group.filter(function (f) { return f.properties.overdue; }).length;
    var html;
    if (group.length === 1) {
      html = overdue ? '<span class="case-pin case-pin-overdue">!</span>' : '<span class="case-pin"></span>';
    } else {
      html = '<span class="case-pin case-pin-group' + (overdue ? " case-pin-overdue" : "") + '">' + group.length + "</span>";
    }
    return L.divIcon({
      className: "case-pin-wrap",
      html: html,
      // The target is 28 px square whatever the dot looks like (WCAG 2.2 target size), and
      // markers are grouped so that no two overlap.
      iconSize: [28, 28],
      iconAnchor: [14, 14],
      popupAnchor: [0, -12],
    });
  }

  function groupPopup(group) {
    if (group.length === 1) { return casePopup(group[0].properties); }
    var box = node("div", "map-popup");
    box.appendChild(node("strong", "", fmt(text.cases, group.length)));
    var list = node("ul", "map-popup-list");
    group.slice(0, MAX_LISTED).forEach(function (f) {
      var item = node("li");
      var link = node("a", "num", f.properties.tracking_code);
      link.href = f.properties.url;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" " + f.properties.category));
      if (f.properties.overdue) { item.appendChild(node("span", "status status-overdue", text.overdue)); }
      list.appendChild(item);
    });
    box.appendChild(list);
    if (group.length > MAX_LISTED) { box.appendChild(node("div", "muted", fmt(text.more, group.length - MAX_LISTED))); }
    return box;
  }

  // Cases closer than GROUP_PX on screen share one marker (most urgent first, as the data
  // comes): recomputed at every zoom, a few hundred cases at most.
  function drawCases(cases, layer) {
    layer.clearLayers();
    var groups = [];
    cases.forEach(function (f) {
      var latlng = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
      var point = map.latLngToLayerPoint(latlng);
      var home = null;
      for (var i = 0; i < groups.length; i++) {
        if (groups[i].point.distanceTo(point) < GROUP_PX) { home = groups[i]; break; }
      }
      if (home) { home.features.push(f); } else { groups.push({ latlng: latlng, point: point, features: [f] }); }
    });
    groups.forEach(function (g) {
      var first = g.features[0].properties;
      var title = g.features.length === 1 ? first.tracking_code + " " + first.category : fmt(text.cases, g.features.length);
      L.marker(g.latlng, { icon: caseIcon(g.features), title: title, riseOnHover: true })
        .bindPopup(groupPopup(g.features))
        .addTo(layer);
    });
    return groups;
  }

  // A label is shown only where its grid is drawn large enough to hold it: measured all
  // at once, then shown or hidden, so the page lays out twice and not once per grid.
  function fitLabels(layer) {
    var labels = [];
    layer.eachLayer(function (polygon) {
      var tooltip = polygon.getTooltip();
      var element = tooltip && tooltip.getElement();
      if (element) {
        element.style.display = "";
        labels.push({ polygon: polygon, element: element });
      }
    });
    labels.forEach(function (label) {
      var bounds = label.polygon.getBounds();
      var sw = map.latLngToContainerPoint(bounds.getSouthWest());
      var ne = map.latLngToContainerPoint(bounds.getNorthEast());
      var width = Math.abs(ne.x - sw.x) * 0.9;
      var height = Math.abs(sw.y - ne.y) * 0.9;
      label.fits = label.element.offsetWidth <= width && label.element.offsetHeight <= height;
    });
    labels.forEach(function (label) { label.element.style.display = label.fits ? "" : "none"; });
  }

  // The places (阵地): a square pin with the kind's first character and the name beside it,
  // the hours in the popup. Above the grids, under the case markers' popups.
  function placePopup(p) {
    var box = node("div", "map-popup");
    var link = node("a", "", p.name);
    link.href = p.url;
    var title = node("strong");
    title.appendChild(link);
    box.appendChild(title);
    box.appendChild(node("div", "muted", p.place_kind_label));
    box.appendChild(node("div", p.open ? "open-state open-state-open" : "open-state open-state-closed",
      (p.open ? "✓ " + text.openNow : "✕ " + text.closedNow) + (p.open_words ? " · " + p.open_words : "")));
    p.hours.forEach(function (line) { box.appendChild(node("div", "", line)); });
    if (p.hours_note) { box.appendChild(node("div", "muted", p.hours_note)); }
    box.appendChild(node("div", "muted", p.address));
    return box;
  }

  // Redrawn with the cases at every zoom: a place closer than GROUP_PX to a case marker (or to
  // another place) is drawn just above it, so each pin stays a target of its own to tap.
  function drawPlaces(places, layer, caseGroups) {
    layer.clearLayers();
    var used = caseGroups.map(function (g) { return g.point; });
    places.forEach(function (f) {
      var p = f.properties;
      var point = map.latLngToLayerPoint(L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]));
      var at = point;
      for (var step = 1; step <= 6 && used.some(function (q) { return q.distanceTo(at) < GROUP_PX; }); step++) {
        at = point.subtract(L.point(0, GROUP_PX * step));
      }
      used.push(at);
      var pin = node("span", "place-pin", "⌂");
      var wrap = node("span");
      wrap.appendChild(pin);
      L.marker(map.layerPointToLatLng(at), {
        icon: L.divIcon({ className: "place-pin-wrap", html: wrap.innerHTML, iconSize: [28, 28], iconAnchor: [14, 14], popupAnchor: [0, -12] }),
        title: p.name,
        zIndexOffset: -100,
      }).bindTooltip(node("span", "", p.name), { permanent: true, direction: "right", offset: [14, 0], className: "place-pin-label" })
        .bindPopup(placePopup(p))
        .addTo(layer);
    });
  }

  function draw(data) {
    var grids = data.features.filter(function (f) { return f.properties.kind === "grid" && f.geometry; });
    var cases = data.features.filter(function (f) { return f.properties.kind === "case"; });
    var communities = data.features.filter(function (f) { return f.properties.kind === "community" && f.geometry; });
    var gridLayer = L.geoJSON(grids, {
      style: function (f) {
        return { color: "#334155", weight: 1.5, opacity: 0.9, fillColor: f.properties.colour, fillOpacity: 0.8 };
      },
      onEachFeature: function (f, layer) {
        layer.bindTooltip(gridLabel(f.properties), {
          permanent: true, direction: "center", className: "grid-label", interactive: false, pane: "gridLabels",
        });
        layer.bindPopup(gridPopup(f.properties));
      },
    }).addTo(map);
    // Community boundaries drawn over the grids, so a subdistrict reads as its communities.
    L.geoJSON(communities, { style: { color: "#1f2937", weight: 3, opacity: 0.9 }, interactive: false }).addTo(map);
    var places = data.features.filter(function (f) { return f.properties.kind === "place"; });
    var placeLayer = L.layerGroup().addTo(map);
    if (places.length) {
      L.control.layers(null, (function () { var o = {}; o[text.placesLayer] = placeLayer; return o; })(), { collapsed: false }).addTo(map);
    }
    var caseLayer = L.layerGroup().addTo(map);
    var bounds = gridLayer.getBounds();
    if (cases.length) {
      var caseBounds = L.latLngBounds(cases.map(function (f) { return [f.geometry.coordinates[1], f.geometry.coordinates[0]]; }));
      bounds = bounds.isValid() ? bounds.extend(caseBounds) : caseBounds;
    }
    if (places.length) {
      var placeBounds = L.latLngBounds(places.map(function (f) { return [f.geometry.coordinates[1], f.geometry.coordinates[0]]; }));
      bounds = bounds.isValid() ? bounds.extend(placeBounds) : placeBounds;
    }
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12], maxZoom: 17, animate: false }); }
    map.on("zoomend", function () { fitLabels(gridLayer); drawPlaces(places, placeLayer, drawCases(cases, caseLayer)); });
    fitLabels(gridLayer);
    drawPlaces(places, placeLayer, drawCases(cases, caseLayer));
    if (!grids.length) { say(text.noOutlines); }
    if (data.meta && data.meta.truncated) { say(text.truncated); }
    el.setAttribute("data-loaded", "true");
  }

  fetch(config.dataUrl, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    })
    .then(draw)
    .catch(function () {
      say(text.failed);
      el.setAttribute("data-loaded", "error");
    });
})();
