/* Qingyun Chain Map: a point layer that stays fast from a county (2,000 points) to a province
 * (100,000+): one Leaflet path on the shared canvas renderer that draws all its points itself.
 *
 * Why not one L.circleMarker per point: creating, projecting and hit-testing 100,000 Leaflet
 * layers costs seconds; here projection is one multiply per point (coordinates are kept projected
 * at zoom 0), drawing is one canvas path per style, and hit-testing is a grid lookup.
 * Why a path on the shared renderer (not a canvas of its own): the map's outlines live on the same
 * canvas, so Leaflet hit-tests everything in drawing order and points (drawn last) win.
 *
 * Data arrives as a compact binary file (see geo/map/layers.py): Int32 lon/lat x 1e6 interleaved,
 * then one Uint8 array per code column named in desc.columns ("style", then one per filter
 * dimension of geo/filters.py). Attributes (names, popup fields) arrive in chunks fetched on first
 * hover/click. The filter travels with each rerun as {column: allowed codes} (geo/map/layers.py
 * filter_codes); a point is drawn when every column's code is allowed. Nothing here names a
 * dimension, and applying a filter needs no new data from the server.
 * A click reports the point's position carrying its record id (pickAt), which streamlit-folium sends
 * back to the app as `last_object_clicked`; the page shows the record's details (no popup here).
 * Marks look as their style descriptor says (geo/map/layers.py marker_style: colour, radius, shape,
 * illustrative, subject or context); a layer with `labels` (the chain) draws its names beside its
 * marks on the same canvas, with a halo, placed where they overlap no mark and no other label.
 * Text from data reaches the DOM through textContent only.
 * Depends on Leaflet 1.9.4 (vendored, pinned): it uses L.Path's renderer protocol
 * (_project/_update/_updatePath/_containsPoint) and Evented's _propagateEvent, which are internal API.
 */
(function () {
  "use strict";
  var registry = (window.qcmLayers = window.qcmLayers || {});
  var dataCache = (window.qcmDataCache = window.qcmDataCache || {});
  // The attribute chunks that have arrived, by URL: read synchronously when a click is reported.
  var loaded = (window.qcmLoadedChunks = window.qcmLoadedChunks || {});
  var HIT_SLOP_PX = 3;
  var DENSE_MARKS = 1500;  // more marks in view than this: drawn small (_updatePath)
  var DENSE_RADIUS_PX = 2.5;
  var GRID_PX = 32;
  function fetchOnce(url, kind) {
    if (!dataCache[url]) {
      dataCache[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error("qcm: " + url + " answered " + r.status);
        return kind === "json" ? r.json() : r.arrayBuffer();
      });
      if (kind === "json") dataCache[url].then(function (value) { loaded[url] = value; }, function () {});
    }
    return dataCache[url];
  }

  function decode(buffer, n, columns) {
    var coords = new Int32Array(buffer, 0, 2 * n);
    var out = { lonlat: coords, codes: {} };
    var offset = 8 * n;
    columns.forEach(function (name) {
      out.codes[name] = new Uint8Array(buffer, offset, n);
      offset += n;
    });
    return out;
  }

  function node(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined && text !== null) el.textContent = String(text);
    return el;
  }

  function chunkValue(column, j) {
    if (!column) return null;
    var code = column.codes[j];
    return code < 0 ? null : column.dict[code];
  }

  function tooltipContent(chunk, j) {
    var box = node("div", "qcm-tip");
    box.appendChild(node("div", "qcm-tip-name", chunkValue(chunk.tooltip, j)));
    var sub = chunkValue(chunk.subtitle, j);
    if (sub) box.appendChild(node("div", "qcm-tip-sub", sub));
    var warn = chunkValue(chunk.warning, j);
    if (warn) box.appendChild(node("div", "qcm-tip-warn", warn));
    return box;
  }


  var Cloud = L.Path.extend({
    options: { interactive: true, bubblingMouseEvents: false },

    initialize: function (desc, data, filter) {
      L.setOptions(this, { interactive: true });
      this._desc = desc;
      this._data = data;
      this._hover = -1;
      this._active = -1;
      this._applyFilter(filter);
    },

    /* Which points pass the filter, grouped by style so each style is one canvas path. */
    _applyFilter: function (filter) {
      var desc = this._desc, codes = this._data.codes, n = desc.n;
      var allowed = {};
      Object.keys(filter || {}).forEach(function (column) {
        var set = new Uint8Array(256);
        filter[column].forEach(function (code) { set[code] = 1; });
        allowed[column] = set;
      });
      var columns = Object.keys(allowed);
      var byStyle = desc.styles.map(function () { return []; });
      var visible = [];
      for (var i = 0; i < n; i++) {
        var pass = true;
        for (var c = 0; c < columns.length; c++) {
          if (!allowed[columns[c]][codes[columns[c]][i]]) { pass = false; break; }
        }
        if (pass) { visible.push(i); byStyle[codes.style[i]].push(i); }
      }
      this._visible = Int32Array.from(visible);
      this._byStyle = byStyle.map(function (list) { return Int32Array.from(list); });
    },

    beforeAdd: function (map) {
      L.Path.prototype.beforeAdd.call(this, map);
      if (!this._x0) {
        // Projected at zoom 0 once; at zoom z a point is x0 * 2^z (the CRS scale is linear).
        var n = this._desc.n, lonlat = this._data.lonlat, crs = map.options.crs;
        this._x0 = new Float64Array(n);
        this._y0 = new Float64Array(n);
        for (var i = 0; i < n; i++) {
          var p = crs.latLngToPoint(L.latLng(lonlat[2 * i + 1] / 1e6, lonlat[2 * i] / 1e6), 0);
          this._x0[i] = p.x;
          this._y0[i] = p.y;
        }
      }
    },

    latLngAt: function (i) {
      var lonlat = this._data.lonlat;
      return L.latLng(lonlat[2 * i + 1] / 1e6, lonlat[2 * i] / 1e6);
    },

    /* The point under the pointer (or last clicked): what tooltips, popups and clicks refer to. */
    getLatLng: function () {
      var i = this._hover >= 0 ? this._hover : this._active;
      return i >= 0 ? this.latLngAt(i) : this._map.getCenter();
    },
    getCenter: function () { return this.getLatLng(); },

    _project: function () {
      var map = this._map, scale = Math.pow(2, map.getZoom()), origin = map.getPixelOrigin();
      var n = this._desc.n, visible = this._visible, maxR = 0;
      this._px = this._px && this._px.length === n ? this._px : new Float32Array(n);
      this._py = this._py && this._py.length === n ? this._py : new Float32Array(n);
      var grid = new Map(), minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (var k = 0; k < visible.length; k++) {
        var i = visible[k];
        var x = this._x0[i] * scale - origin.x, y = this._y0[i] * scale - origin.y;
        this._px[i] = x;
        this._py[i] = y;
        if (x < minX) minX = x; if (x > maxX) maxX = x;
        if (y < minY) minY = y; if (y > maxY) maxY = y;
        var key = Math.floor(x / GRID_PX) * 1048576 + Math.floor(y / GRID_PX);
        var cell = grid.get(key);
        if (cell) cell.push(i); else grid.set(key, [i]);
      }
      this._desc.styles.forEach(function (s) { if (s.radius > maxR) maxR = s.radius; });
      this._grid = grid;
      this._maxR = maxR;
      var pad = maxR * 1.3 + 4;
      this._pxBounds = visible.length ?
        L.bounds([minX - pad, minY - pad], [maxX + pad, maxY + pad]) : L.bounds([0, 0], [0, 0]);
      qcmMarks.placeLabels(this);
    },

    setLabels: function (names) {
      this._labels = names;
      if (this._map) { this._project(); this.redraw(); }
    },

    /* Labels follow what is on screen: placed again after a pan (zooms re-project anyway). */
    getEvents: function () { return { moveend: this._relabel }; },

    _relabel: function () {
      if (!this._labels || !this._px) return;
      var old = this._labelBoxes || [], b = this._pxBounds;
      qcmMarks.placeLabels(this);
      old.forEach(function (box) {  // the redraw clears where the old names were too
        b.extend(L.point(box.x - 2, box.y - 2));
        b.extend(L.point(box.x + box.w + 2, box.y + box.h + 2));
      });
      this.redraw();
    },

    _update: function () {},

    /* One pre-drawn sprite per style, stamped with drawImage: far cheaper than one arc per point
     * in software rendering. Where points overlap closer than half a radius, only the first one
     * in a cell is stamped: the picture is the same, the work is bounded by the screen, not n. */
    _updatePath: function () {
      var ctx = this._renderer._ctx, styles = this._desc.styles, px = this._px, py = this._py;
      var b = this._renderer._bounds, ratio = L.Browser.retina ? 2 : 1;
      // Many marks in view (a province-scale import): each is drawn small, as GIS maps do at overview
      // scales; the pixels to stamp, not the points, bound a frame in software rendering.
      var inView = 0;
      for (var t = 0; t < styles.length && inView <= DENSE_MARKS; t++) {
        var all = this._byStyle[t];
        for (var j = 0; j < all.length && inView <= DENSE_MARKS; j++) {
          var xi = px[all[j]], yi = py[all[j]];
          if (xi >= b.min.x && xi <= b.max.x && yi >= b.min.y && yi <= b.max.y) inView++;
        }
      }
      var dense = inView > DENSE_MARKS;
      for (var s = 0; s < styles.length; s++) {
        var style = styles[s], list = this._byStyle[s], r = style.radius;
        if (!list.length) continue;
        if (dense) {  // one path of small squares per style, filled (or, if illustrative, outlined) once
          this._drawDense(ctx, style, list, b);
          continue;
        }
        var sprite = qcmMarks.sprite(style, ratio), half = sprite.size / 2;
        var cellPx = Math.max(2, r * 0.8), seen = new Set();
        for (var k = 0; k < list.length; k++) {
          var i = list[k], x = px[i], y = py[i];
          if (x < b.min.x - r || x > b.max.x + r || y < b.min.y - r || y > b.max.y + r) continue;
          var cell = Math.floor(x / cellPx) * 1048576 + Math.floor(y / cellPx);
          if (seen.has(cell)) continue;
          seen.add(cell);
          // Whole pixels: a straight copy, not a resampled one (several times faster in software).
          ctx.drawImage(sprite.canvas, Math.round(x - half), Math.round(y - half), sprite.size, sprite.size);
        }
      }
      qcmMarks.drawLabels(ctx, this._labelBoxes);
    },

    _drawDense: function (ctx, style, list, b) {
      var px = this._px, py = this._py, side = 2 * DENSE_RADIUS_PX, half = DENSE_RADIUS_PX, seen = new Set();
      ctx.save();
      ctx.beginPath();
      for (var k = 0; k < list.length; k++) {
        var i = list[k], x = Math.round(px[i]), y = Math.round(py[i]);
        if (x < b.min.x - side || x > b.max.x + side || y < b.min.y - side || y > b.max.y + side) continue;
        var cell = Math.floor(x / half) * 1048576 + Math.floor(y / half);
        if (seen.has(cell)) continue;
        seen.add(cell);
        ctx.rect(x - half, y - half, side, side);
      }
      if (style.hollow) {
        ctx.lineWidth = 1;
        ctx.strokeStyle = style.color;
        ctx.globalAlpha = 0.9;
        ctx.stroke();
      } else {
        ctx.fillStyle = style.color;
        ctx.globalAlpha = 0.85;
        ctx.fill();
      }
      ctx.restore();
    },

    /* Nearest visible point within its radius (+ slop) of a layer point, or -1. */
    pointAt: function (p) {
      if (!this._grid) return -1;
      var reach = Math.ceil((this._maxR + HIT_SLOP_PX) / GRID_PX);
      var cx = Math.floor(p.x / GRID_PX), cy = Math.floor(p.y / GRID_PX);
      var best = -1, bestD = Infinity, styles = this._desc.styles, styleCodes = this._data.codes.style;
      for (var gx = cx - reach; gx <= cx + reach; gx++) {
        for (var gy = cy - reach; gy <= cy + reach; gy++) {
          var cell = this._grid.get(gx * 1048576 + gy);
          if (!cell) continue;
          for (var k = 0; k < cell.length; k++) {
            var i = cell[k], dx = this._px[i] - p.x, dy = this._py[i] - p.y, d = dx * dx + dy * dy;
            var r = styles[styleCodes[i]].radius + HIT_SLOP_PX;
            if (d <= r * r && d <= bestD) { best = i; bestD = d; }
          }
        }
      }
      return best;
    },

    _containsPoint: function (p) {
      var i = this.pointAt(p);
      if (i >= 0 && this._hover >= 0 && i !== this._hover && this.isTooltipOpen()) {
        this._hover = i;
        this.openTooltip(this.latLngAt(i));  // moved from one point straight onto another
      }
      this._hover = i;
      return i >= 0;
    },

    /* Attributes of point i (id, names, popup fields), fetched by chunk on demand. */
    attributes: function (i) {
      var chunkSize = this._desc.chunk, c = Math.floor(i / chunkSize);
      return fetchOnce(this._desc.attrs[c], "json").then(function (chunk) {
        return { chunk: chunk, j: i - c * chunkSize, id: chunk.ids[i - c * chunkSize] };
      });
    },

    /* Point i's record id if its attribute chunk has arrived, else undefined. */
    idAt: function (i) {
      var chunkSize = this._desc.chunk, c = Math.floor(i / chunkSize), chunk = loaded[this._desc.attrs[c]];
      return chunk ? chunk.ids[i - c * chunkSize] : undefined;
    },

    /* What a click on point i reports: its position (in the basemap's coordinates), carrying its
     * record id once known. streamlit-folium sends it to the app as `last_object_clicked`,
     * {"lat": .., "lng": .., "id": ..}, which geo/map/picking.py reads. */
    pickAt: function (i) {
      var latlng = this.latLngAt(i), id = this.idAt(i);
      if (id !== undefined) latlng.id = id;
      return latlng;
    },

    /* Events pass on to the parent groups, where streamlit-folium reports clicks to the app. A click
     * reaches them only with the record's id: when the point's chunk has not arrived yet (a click
     * with no hover before it, as on a touch screen), it is passed on once the chunk has. */
    _propagateEvent: function (e) {
      var i = this._active, self = this;
      if (e.type === "click" && i >= 0 && e.latlng && e.latlng.id === undefined) {
        this.attributes(i).then(function (a) {
          if (!self._map || self._active !== i) return;  // gone, or another point clicked since
          var latlng = self.latLngAt(i);
          latlng.id = a.id;
          L.Path.prototype._propagateEvent.call(self, L.extend({}, e, { latlng: latlng }));
        });
        return;
      }
      L.Path.prototype._propagateEvent.call(this, e);
    },

    visibleIndices: function () { return Array.from(this._visible); },
  });

  function bindInteractions(cloud) {
    // Report the point's own position with its record id, so the app selects exactly this record
    // (pickAt, geo/map/picking.py).
    cloud.on("click", function (e) {
      cloud._active = cloud._hover;
      if (cloud._active >= 0) e.latlng = cloud.pickAt(cloud._active);
    });
    var tip = L.tooltip({ direction: "top", offset: [0, -6] });
    cloud.bindTooltip(tip);
    cloud.on("tooltipopen", function () {
      var i = cloud._hover;
      if (i < 0) return;
      // Above the point whatever its size (wind farms are drawn by capacity).
      tip.options.offset = L.point(0, -(cloud._desc.styles[cloud._data.codes.style[i]].radius + 2));
      tip.setContent(node("div", "qcm-tip", "…"));
      tip.setLatLng(cloud.latLngAt(i));
      cloud.attributes(i).then(function (a) {
        if (cloud._hover === i) tip.setContent(tooltipContent(a.chunk, a.j));
      });
    });
  }

  /* Add the layer to `parent` now (so st_folium's layer swap can remove it) and fill it when its
   * data has arrived. registry[name] describes what is drawn, for tests and the benchmark. */
  /* p = {desc, filter}: the published layer (geo/map/layers.py) and the view's allowed codes. */
  window.qcmCloudLayer = function (p, parent) {
    var desc = p.desc, filter = p.filter, seq = qcmNextSeq();
    var group = L.featureGroup().addTo(parent);
    qcmRegister(desc.name, group, { kind: "points", count: null, ready: false });
    fetchOnce(desc.data, "bin").then(function (buffer) {
      var cloud = new Cloud(desc, decode(buffer, desc.n, desc.columns), filter);
      cloud.options.renderer = qcmSharedCanvas();
      bindInteractions(cloud);
      group.addLayer(cloud);
      if (desc.labels) {
        fetchOnce(desc.labels, "json").then(function (names) { cloud.setLabels(names); });
        // Ids of labelled points (tests, tools) come with the first attribute chunk.
        fetchOnce(desc.attrs[0], "json");
      }
      qcmRegister(desc.name, group, {
        kind: "points", cloud: cloud, count: cloud._visible.length, ready: true, seq: seq, vector: cloud,
        latLngAt: function (i) { return cloud.latLngAt(i); },
        visibleIndices: function () { return cloud.visibleIndices(); },
        attributes: function (i) { return cloud.attributes(i); },
        /* The names drawn now: {id, text, box in container pixels}, for tests and tools. */
        labels: function () {
          var map = cloud._map;
          if (!map || !cloud._labelBoxes) return [];
          return cloud._labelBoxes.map(function (box) {
            var p = map.layerPointToContainerPoint(L.point(box.x, box.y));
            return { index: box.index, id: cloud.idAt(box.index), text: cloud._labels[box.index], lines: box.lines,
                     x: p.x, y: p.y, w: box.w, h: box.h };
          });
        },
        openTooltipAt: function (i) {
          cloud._hover = i;
          cloud.openTooltip(cloud.latLngAt(i));
        },
        /* The drawn points with their ids (loads every attribute chunk): for tests and tools. */
        points: function () {
          return Promise.all(desc.attrs.map(function (url) { return fetchOnce(url, "json"); }))
            .then(function (chunks) {
              return cloud.visibleIndices().map(function (i) {
                var c = Math.floor(i / desc.chunk), ll = cloud.latLngAt(i);
                return { index: i, id: chunks[c].ids[i - c * desc.chunk], lat: ll.lat, lng: ll.lng,
                         radius: desc.styles[cloud._data.codes.style[i]].radius };
              });
            });
        },
        indexOf: function (id) {
          return Promise.all(desc.attrs.map(function (url) { return fetchOnce(url, "json"); }))
            .then(function (chunks) {
              for (var c = 0; c < chunks.length; c++) {
                var j = chunks[c].ids.indexOf(id);
                if (j >= 0) return c * desc.chunk + j;
              }
              return -1;
            });
        },
      });
      qcmRestack();
    }).catch(function (err) {
      if (registry[desc.name]) registry[desc.name].error = String(err);
      throw err;
    });
    return group;
  };

})();
