// The map at /map: draws the server-rendered list (#map-list) with Leaflet. Without JS, or without Leaflet,
// the list is the page; without tiles (none set, or none reachable) the markers sit on a plain background.
(function () {
  "use strict";
  var box = document.getElementById("map");
  var list = document.getElementById("map-list");
  if (!box || !list || typeof L === "undefined") { return; }
  var COLOURS = { open: "#e65100", ordered: "#1565c0", reported: "#6a1b9a" };
  var OVERDUE = "#b71c1c";

  box.hidden = false;
  var map = L.map(box, { zoomControl: true, attributionControl: true });
  if (box.dataset.tiles) {
    L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution || "" }).addTo(map);
  }
  var points = [];

  function position(li) {
    var lat = parseFloat(li.dataset.lat), lng = parseFloat(li.dataset.lng);
    return isFinite(lat) && isFinite(lng) ? [lat, lng] : null;
  }
  function label(li) {
    var link = li.querySelector("a");
    return link ? link.textContent : (li.dataset.name || "");
  }

  // A finding with a photo position gets its own marker; the others are counted on their neighbourhood's marker
  // (one marker however many, so a neighbourhood with hundreds of findings stays one thing to draw and tap).
  list.querySelectorAll(".map-place").forEach(function (place) {
    var at = position(place);
    var rows = place.querySelectorAll(".map-findings > li");
    if (at) {
      var here = Array.prototype.filter.call(rows, function (li) { return li.dataset.own !== "1"; });
      // The server counts every matching finding of the neighbourhood (more than are listed on a large map).
      var total = place.dataset.count !== undefined ? parseInt(place.dataset.count, 10) : here.length;
      var overdue = place.dataset.overdue === "1" || here.some(function (li) { return li.dataset.overdue === "1"; });
      // Coloured by the least advanced state among them (挂账 before 已下发 before 已反馈), ringed red when overdue.
      var state = place.dataset.state || ["open", "ordered", "reported"].filter(function (s) {
        return here.some(function (li) { return li.dataset.state === s; });
      })[0];
      var icon = L.divIcon({ className: "map-count" + (total ? " state-" + (state || "none") : " empty") +
                                        (overdue ? " overdue" : ""),
                             html: total ? String(total) : "", iconSize: [30, 30] });
      var pin = L.marker(at, { icon: icon, keyboard: true, title: place.dataset.name || "" })
        .bindTooltip((place.dataset.name || "") + (total ? " · " + total : "")).addTo(map);
      pin.on("click", function () { place.scrollIntoView({ behavior: "smooth", block: "start" }); });
      points.push(at);
    }
    rows.forEach(function (li) {
      var spot = position(li);
      if (!spot || li.dataset.own !== "1") { return; }
      var overdue = li.dataset.overdue === "1";
      var marker = L.circleMarker(spot, {
        radius: 7, color: overdue ? OVERDUE : "#fff", weight: overdue ? 3 : 1,
        fillColor: COLOURS[li.dataset.state] || "#555", fillOpacity: 0.95, className: "map-finding"
      }).addTo(map);
      var link = li.querySelector("a");
      marker.bindTooltip(label(li));
      if (link) { marker.on("click", function () { window.location.href = link.href; }); }
      points.push(spot);
    });
  });

  var centre = (box.dataset.centre || "").split(",").map(parseFloat);
  if (centre.length === 2 && isFinite(centre[0]) && isFinite(centre[1])) {
    L.circleMarker(centre, { radius: 12, color: OVERDUE, weight: 3, fill: false }).addTo(map);
    map.setView(centre, 17);
  } else if (points.length) {
    map.fitBounds(points, { padding: [24, 24], maxZoom: 16 });
  } else {
    map.setView([40.77, 114.88], 12);  // 张家口: a sensible opening view with nothing to show
  }
})();
