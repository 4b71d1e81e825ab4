// The map of places: Leaflet with no tile server. A coarse outline and a
// graticule give orientation; the places come from /api/places (same session).
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var map = L.map(el, { attributionControl: false, zoomSnap: 0.5 }).setView([32.5, 53.5], 5);
  var grid = [];
  for (var lat = 20; lat <= 44; lat += 2) grid.push([[lat, 40], [lat, 66]]);
  for (var lon = 40; lon <= 66; lon += 2) grid.push([[20, lon], [44, lon]]);
  L.polyline(grid, { color: "#c9d3da", weight: 1, interactive: false }).addTo(map);
  fetch("/static/outline.geojson").then(function (r) { return r.json(); }).then(function (gj) {
    L.geoJSON(gj, { style: { color: "#5b6770", weight: 1.5, fillColor: "#ffffff", fillOpacity: 0.8 }, interactive: false }).addTo(map).bringToBack();
  });
  fetch(el.dataset.source, { headers: { Accept: "application/json" } }).then(function (r) { return r.json(); }).then(function (data) {
    var bounds = [];
    (data.places || []).forEach(function (p) {
      if (p.lat == null || p.lon == null) return;
      var popup = document.createElement("div");
      var a = document.createElement("a");
      a.href = "/places/" + encodeURIComponent(p.id);
      a.textContent = p.name;
      a.dir = "auto";
      popup.appendChild(a);
      if (p.kind) { var k = document.createElement("div"); k.textContent = p.kind; popup.appendChild(k); }
      L.circleMarker([p.lat, p.lon], { radius: 7, color: "#234e70", fillColor: "#234e70", fillOpacity: 0.7 })
        .bindPopup(popup).bindTooltip(p.name).addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length > 1) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 8 });
    var count = document.getElementById("map-count");
    if (count) count.textContent = String(bounds.length);
  });
})();
