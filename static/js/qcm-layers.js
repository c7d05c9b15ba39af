/* Qingyun Chain Map: outlines (with area names), the selected-record highlight and tour rings.
 * Point layers are in qcm-cloud.js. Both share one canvas renderer and one registry.
 *
 * Safety: every text from data reaches the DOM through textContent, never innerHTML.
 * Tests and the benchmark read window.qcmLayers[name] (.count, .ready) to see what is drawn; an
 * entry is removed when its layer leaves the map (st_folium swaps layers on every rerun).
 */
(function () {
  "use strict";
  var registry = (window.qcmLayers = window.qcmLayers || {});

  /* One canvas for every vector layer of the map (outlines and points), kept across layer swaps.
   * Separate renderers stack separate canvases and SVG over each other, and the top one takes every
   * pointer event: the filled county outline (SVG) hid the markers under it from clicks and hovers.
   * In one canvas Leaflet hit-tests all of them in drawing order, so points (drawn last) win. */
  window.qcmSharedCanvas = function () {
    if (!registry.__canvas) registry.__canvas = L.canvas({ padding: 0.3 });
    return registry.__canvas;
  };

  /* Register what a layer group draws, and forget it when the group leaves the map. */
  window.qcmRegister = function (name, group, entry) {
    entry.layer = group;
    registry[name] = entry;
    if (!group.__qcmUnregister) {
      group.__qcmUnregister = true;
      group.on("remove", function () {
        if (registry[name] && registry[name].layer === group) delete registry[name];
      });
    }
    return entry;
  };

  /* Layers arrive asynchronously (their data is fetched), but must stack in the order the page
   * asked for them: outlines below, points on top, so hovers and clicks reach the points. Each
   * layer takes a sequence number when it is requested; whenever one is drawn, every drawn vector
   * layer is brought to the front in sequence order. */
  var sequence = 0;
  window.qcmNextSeq = function () { return ++sequence; };
  window.qcmRestack = function () {
    Object.keys(registry)
      .map(function (name) { return registry[name]; })
      .filter(function (entry) { return entry && entry.vector && entry.seq && entry.vector._map; })
      .sort(function (a, b) { return a.seq - b.seq; })
      .forEach(function (entry) { entry.vector.bringToFront(); });
  };

  var jsonCache = (window.qcmJsonCache = window.qcmJsonCache || {});
  function fetchJson(url) {
    if (!jsonCache[url]) {
      jsonCache[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error("qcm: " + url + " answered " + r.status);
        return r.json();
      });
    }
    return jsonCache[url];
  }

  function node(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined && text !== null) el.textContent = String(text);
    return el;
  }

  window.qcmPolygonLayer = function (p, parent) {
    var seq = qcmNextSeq();
    var group = L.featureGroup().addTo(parent);
    qcmRegister(p.name, group, { kind: "polygons", count: null, ready: false });
    var draw = function (geojson) {
      var layer = L.geoJSON(geojson, {
        renderer: qcmSharedCanvas(),
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
      });
      group.addLayer(layer);
      // Names of areas (Dezhou's counties around Qingyun), shown on the plain background only:
      // online tiles carry their own (qcm-map.css).
      var labels = 0;
      geojson.features.forEach(function (feature) {
        var at = feature.properties.label;
        if (!at) return;
        labels += 1;
        group.addLayer(L.tooltip({ permanent: true, direction: "center", className: "qcm-area-label",
                                   interactive: false, opacity: 1 })
          .setLatLng(L.latLng(at[0], at[1]))
          .setContent(node("span", null, feature.properties.name)));
      });
      qcmRegister(p.name, group, { kind: "polygons", count: geojson.features.length, ready: true,
                                   seq: seq, vector: layer, labels: labels });
      qcmRestack();
    };
    if (p.geojson) draw(p.geojson); else fetchJson(p.url).then(draw);
    return group;
  };

  /* A ring around the selected record. The map keeps its zoom: it pans only when the record is
   * off screen (or close to the edge), so the official keeps the context. No popup: the page shows
   * the record's details beside the map; the hover tooltip stays. */
  window.qcmHighlight = function (p, parent, map) {
    map = map || parent._map || window.map;
    var latlng = L.latLng(p.lat, p.lon);
    var ring = L.circleMarker(latlng, {
      radius: 22, color: "#ff1744", weight: 4, fill: false, className: "qcm-highlight",
      interactive: false, renderer: L.svg(),
    });
    var group = L.featureGroup([ring]).addTo(parent);
    var previous = registry.__selected;
    var entry = qcmRegister("__highlight", group, { kind: "highlight", id: p.id, count: 1, ready: true,
                                                    panned: false });
    group.on("remove", function () {
      // A rerun removes and re-adds every layer in one go; the selection is over only if no
      // highlight for it came back.
      setTimeout(function () {
        if (!registry.__highlight || registry.__highlight.id !== p.id) registry.__selected = null;
      }, 0);
    });
    if (previous === p.id) return group;
    registry.__selected = p.id;
    // fly === false: the map was put somewhere on purpose (a tour step, a link's position): stay.
    if (p.fly !== false && map && map.getSize().x) {
      if (!map.getBounds().pad(-0.1).contains(latlng)) {
        entry.panned = true;
        map.panTo(latlng);
      }
    }
    return group;
  };

  /* Rings around further highlighted records (a tour step's); the map does not move. */
  window.qcmRings = function (p, parent) {
    var group = L.featureGroup().addTo(parent);
    p.points.forEach(function (pt) {
      group.addLayer(L.circleMarker(L.latLng(pt.lat, pt.lon), {
        radius: 18, color: "#ff1744", weight: 3, dashArray: "5 4", fill: false, interactive: false,
        className: "qcm-ring", renderer: L.svg(),
      }));
    });
    qcmRegister("__rings", group, { kind: "rings", ids: p.points.map(function (pt) { return pt.id; }),
                                    count: p.points.length, ready: true });
    return group;
  };

})();
