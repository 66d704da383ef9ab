// Members map: markers come from the page (json_script); tiles from a configurable URL.
// Markers are drawn whether or not tiles load, so the map works offline too.
(function () {
  "use strict";
  var element = document.getElementById("members-map");
  if (!element || typeof L === "undefined") { return; }
  var markers = JSON.parse(document.getElementById("map-markers").textContent);
  var map = L.map(element, { worldCopyJump: true }).setView([0, 150], 2);
  L.tileLayer(element.dataset.tileUrl, {
    attribution: element.dataset.tileAttribution, maxZoom: 18
  }).addTo(map);
  var bounds = [];
  markers.forEach(function (m) {
    // Circle markers are vector shapes: no image download is needed for them to appear.
    var marker = L.circleMarker([m.lat, m.lng], {
      radius: 7, weight: 2, color: m.region === "latin-america" ? "#b3261e" : "#0b57d0",
      fillOpacity: 0.7
    }).addTo(map);
    var link = document.createElement("a");
    link.href = "/directory/" + encodeURIComponent(m.slug) + "/";
    link.textContent = m.name + " (" + m.country + ")";
    marker.bindPopup(link);
    marker.bindTooltip(m.name);
    bounds.push([m.lat, m.lng]);
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 8 }); }
  element.dataset.markerCount = String(markers.length);
})();
