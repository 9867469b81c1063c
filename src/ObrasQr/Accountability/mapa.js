// The works map (/mapa): draws the works listed with coordinates (data-lat, data-lon) on a Leaflet map. Without this
// script, without Leaflet or without tiles the page stays what it is underneath: the works grouped by place.
(function () {
  'use strict';
  var box = document.getElementById('mapa');
  if (!box || typeof L === 'undefined') return;
  var points = document.querySelectorAll('li[data-lat][data-lon]');
  if (points.length === 0) return;
  box.hidden = false;
  var map = L.map(box, { scrollWheelZoom: false });
  L.tileLayer(box.getAttribute('data-tiles'), { attribution: box.getAttribute('data-attribution'), maxZoom: 19 }).addTo(map);
  // Popups narrow enough to sit beside the zoom buttons on a phone, and panned clear of them.
  var fit = { maxWidth: Math.max(160, box.clientWidth - 110), autoPanPaddingTopLeft: L.point(48, 12) };
  var bounds = [];
  Array.prototype.forEach.call(points, function (item) {
    var lat = parseFloat(item.getAttribute('data-lat')), lon = parseFloat(item.getAttribute('data-lon'));
    var link = item.querySelector('a');
    if (!isFinite(lat) || !isFinite(lon) || !link) return;
    // Text nodes, never HTML: contract objects are written by anyone in SECOP.
    var popup = document.createElement('div');
    var to = document.createElement('a');
    to.href = link.getAttribute('href');
    to.textContent = link.textContent;
    popup.appendChild(to);
    var where = item.querySelector('.where');
    if (where) {
      var source = document.createElement('p');
      source.textContent = where.textContent;
      popup.appendChild(source);
    }
    L.circleMarker([lat, lon], { radius: 8, color: '#004884', weight: 2, fillOpacity: 0.6 }).bindPopup(popup, fit).addTo(map);
    bounds.push([lat, lon]);
  });
  if (bounds.length) map.fitBounds(bounds, { maxZoom: 16, padding: [24, 24] });
})();
