/* Qingyun Chain Map: draw the map's layers from compact, column-encoded payloads.
 *
 * Why: one folium object per point costs seconds in st_folium and in the browser; here each layer
 * is one payload (flat lon/lat array + dictionary-encoded columns) drawn on a shared canvas.
 * Safety: every text from data reaches the DOM through textContent, never innerHTML.
 * Tests read window.qcmLayers[name].count to check what was drawn.
 */
(function () {
  "use strict";
  var registry = (window.qcmLayers = window.qcmLayers || {});

  /* One canvas for every vector layer of the map (outlines and points), kept across layer swaps.
   * Separate renderers stack separate canvases and SVG over each other, and the top one takes every
   * pointer event: the filled county outline (SVG) hid the markers under it from clicks and hovers,
   * and each point layer's canvas hid the layers below. In one canvas Leaflet hit-tests all of them
   * in drawing order, so the markers (drawn last) are on top and the outlines still get the rest. */
  function sharedCanvas() {
    if (!registry.__canvas) registry.__canvas = L.canvas({ padding: 0.3 });
    return registry.__canvas;
  }

  function value(column, i) {
    if (!column) return null;
    var code = column.codes[i];
    return code < 0 ? null : column.dict[code];
  }

  function node(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined && text !== null) el.textContent = String(text);
    return el;
  }

  function tooltipContent(p, i) {
    var box = node("div", "qcm-tip");
    box.appendChild(node("div", "qcm-tip-name", value(p.tooltip, i)));
    var sub = value(p.subtitle, i);
    if (sub) box.appendChild(node("div", "qcm-tip-sub", sub));
    return box;
  }

  function popupContent(p, i) {
    var box = node("div", "qcm-popup");
    box.setAttribute("data-record-id", p.ids[i]);
    box.appendChild(node("div", "qcm-popup-title", value(p.tooltip, i)));
    var table = node("table", "qcm-popup-table");
    p.fields.forEach(function (field) {
      var v = value(field, i);
      if (v === null || v === "") return;
      var row = node("tr");
      row.appendChild(node("th", null, field.label));
      row.appendChild(node("td", null, v));
      table.appendChild(row);
    });
    box.appendChild(table);
    var warn = value(p.warning, i);
    if (warn) box.appendChild(node("div", "qcm-popup-warning", warn));
    return box;
  }

  window.qcmPointLayer = function (p, parent) {
    var renderer = sharedCanvas();
    var markers = [];
    for (var i = 0; i < p.ids.length; i++) {
      var s = p.styles[p.style_codes[i]];
      var m = L.circleMarker([p.lonlat[2 * i + 1], p.lonlat[2 * i]], {
        renderer: renderer,
        radius: s.radius,
        color: s.color,
        weight: s.hollow ? 2.5 : 1.2,
        dashArray: s.hollow ? "4 3" : null,
        fillColor: s.hollow ? "#ffffff" : s.color,
        fillOpacity: s.hollow ? 0.55 : 0.85,
      });
      m.qcmIndex = i;
      m.qcmId = p.ids[i];
      // A click reports the marker's own position (Leaflet reports the pointer's when the radius
      // is over 10 px), so the app maps it back to exactly this record (geo/picking.py).
      m.on("click", function (e) { e.latlng = this.getLatLng(); });
      m.bindTooltip(function (layer) { return tooltipContent(p, layer.qcmIndex); },
                    { direction: "top", offset: [0, -4] });
      m.bindPopup(function (layer) { return popupContent(p, layer.qcmIndex); },
                  { maxWidth: 380, minWidth: 220, maxHeight: 420 });
      markers.push(m);
    }
    var group = L.featureGroup(markers).addTo(parent);
    registry[p.name] = { kind: "points", layer: group, count: markers.length, ids: p.ids,
                         markers: markers };
    return group;
  };

  window.qcmHeatLayer = function (p, parent) {
    var latlngs = new Array(p.ids.length);
    for (var i = 0; i < p.ids.length; i++) latlngs[i] = [p.lonlat[2 * i + 1], p.lonlat[2 * i]];
    var heat = L.heatLayer(latlngs, p.options);
    var group = L.featureGroup([heat]).addTo(parent);
    registry[p.name] = { kind: "heat", layer: group, count: latlngs.length, ids: p.ids };
    return group;
  };

  window.qcmPolygonLayer = function (p, parent) {
    var layer = L.geoJSON(p.geojson, {
      renderer: sharedCanvas(),
      style: function () { return p.style; },
      interactive: !!p.tooltip_field,
      onEachFeature: function (feature, lyr) {
        if (!p.tooltip_field) return;
        lyr.bindTooltip(function () {
          var box = node("div", "qcm-tip");
          box.appendChild(node("div", "qcm-tip-name", feature.properties[p.tooltip_field]));
          if (p.subtitle) box.appendChild(node("div", "qcm-tip-sub", p.subtitle));
          return box;
        }, { sticky: true });
      },
    }).addTo(parent);
    registry[p.name] = { kind: "polygons", layer: layer, count: p.geojson.features.length };
    return layer;
  };

  /* A ring around the selected record; opens its popup when the record is drawn. */
  window.qcmHighlight = function (p, parent) {
    var latlng = [p.lat, p.lon];
    var ring = L.circleMarker(latlng, {
      radius: 22, color: "#ff1744", weight: 4, fill: false, className: "qcm-highlight",
      interactive: false,
    }).addTo(parent);
    registry.__highlight = { id: p.id, layer: ring };
    setTimeout(function () {
      Object.keys(registry).forEach(function (name) {
        var entry = registry[name];
        if (!entry.markers) return;
        var idx = entry.ids.indexOf(p.id);
        if (idx >= 0) entry.markers[idx].openPopup();
      });
    }, 50);
    return ring;
  };

  window.qcmAttribution = function (map, text) {
    if (map.attributionControl) map.attributionControl.addAttribution(
      String(text).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }));
  };
})();
