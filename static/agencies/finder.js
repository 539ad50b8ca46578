/* The service finder's map: the points of the listed services with coordinates, on raster
   tiles from the configured server (FINDER_TILE_URL). Progressive enhancement: without
   JavaScript the list and the tile map of the quartieri remain. No inline script (CSP). */
(function () {
  "use strict";
  var box = document.getElementById("finder-map");
  var pointsEl = document.getElementById("finder-points");
  var configEl = document.getElementById("finder-map-config");
  if (!box || !pointsEl || !configEl || typeof L === "undefined") {
    return;
  }
  var points = JSON.parse(pointsEl.textContent);
  var config = JSON.parse(configEl.textContent);
  if (!points.length) {
    return;
  }
  box.classList.remove("d-none");
  var map = L.map(box, { scrollWheelZoom: false });
  L.tileLayer(config.tiles, { maxZoom: 19, attribution: config.attribution }).addTo(map);
  var bounds = [];
  points.forEach(function (p) {
    var marker = L.marker([p.lat, p.lng], { title: p.name, alt: p.name }).addTo(map);
    var label = document.createElement("a");
    label.textContent = p.name;
    if (p.id !== null) {
      label.href = config.unit_url.replace("{id}", String(p.id));
      marker.bindPopup(label);
    } else {
      var span = document.createElement("span");
      span.textContent = p.name;
      marker.bindPopup(span);
    }
    bounds.push([p.lat, p.lng]);
  });
  map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 });
})();
