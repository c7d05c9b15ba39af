/* Qingyun Chain Map: how the map behaves as a map (geo/map/build.py MapSetup calls qcmSetup once).
 *
 * - Online tiles that do not arrive: when the first tiles fail (two errors before any tile has
 *   loaded) or none has loaded within o.tileTimeoutMs, the tile layers are removed, the plain
 *   background shows (its county names appear: .qcm-plain .qcm-area-label) and a notice on the map
 *   says so. The layers stay as drawn: on Gaode they are all GCJ-02 (points, outlines and labels
 *   alike), so on the plain background they still agree with each other; nothing else is on it.
 * - The view is held to the region (the county and Dezhou's counties around it, padded): maxBounds,
 *   and a minimum zoom that shows the whole region and no more.
 * - The wheel zooms only once the map has been clicked or focused, or with Ctrl held; otherwise
 *   it scrolls the page and a short hint says how to zoom.
 * - A metric-only scale bar; credits in the UI language; Leaflet's credit without its flag.
 * window.qcmBasemap tells tests what happened: {state: "plain" | "loading" | "online" | "fallback"}.
 */
(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }

  // Below this a frame is still being laid out (st_folium sizes its iframe after the map is made):
  // a zoom worked out for it would show the world.
  var MIN_LAID_OUT_PX = 100;

  // The county's view ("home": what the map's first fitBounds shows) follows the frame's size until
  // something moves the map on purpose: a person, a tour step or a link's position (st_folium's
  // setView), a selection's flight. Streamlit lays a frame out in steps, and a fit worked out for an
  // early size was seen to leave the county small and off-centre in the final one.
  // keyRoom: the share of the map's width on the right that a key laid over the map takes (the big
  // screen's legend): home is fitted into the rest.
  function holdToRegion(map, box, home, keyRoom) {
    if (!box) return;
    var region = L.latLngBounds(box);
    map.options.maxBoundsViscosity = 1.0;
    map.setMaxBounds(region);
    var homeBounds = home && L.latLngBounds(home), atHome = !!home, homing = false;
    var moved = function () { if (!homing) atHome = false; };
    // Moves asked for in code (a tour step, a link, a selection) and by a person. Not Leaflet's
    // "movestart": an animated zoom fires it a frame after the call that asked for it.
    ["setView", "flyTo"].forEach(function (name) {
      var move = map[name];
      map[name] = function () { moved(); return move.apply(this, arguments); };
    });
    ["pointerdown", "wheel", "keydown"].forEach(function (type) {
      map.getContainer().addEventListener(type, moved, { capture: true, passive: true });
    });
    var fitBounds = map.fitBounds;
    map.fitBounds = function (bounds) {  // a fit of home (the page's first one included) keeps the view home
      if (!homeBounds || !L.latLngBounds(bounds).equals(homeBounds)) return fitBounds.apply(this, arguments);
      homing = true;
      try { return fitBounds.apply(this, arguments); } finally { homing = false; atHome = true; }
    };
    var fit = function () {
      var size = map.getSize();
      if (size.x < MIN_LAID_OUT_PX || size.y < MIN_LAID_OUT_PX) return;
      // A fit while a zoom animation runs (the first fitBounds animates) would be undone when it ends.
      if (map._animatingZoom) { map.once("zoomend", fit); return; }
      var snap = map.options.zoomSnap || 1;
      var whole = Math.floor(map.getBoundsZoom(region, false) / snap) * snap;
      // Home follows the frame; a view set while the frame had no real size shows more than the
      // region: show the county.
      if (home && (atHome || map.getZoom() < whole))
        map.fitBounds(home, { animate: false, paddingBottomRight: [Math.round(size.x * (keyRoom || 0)), 0] });
      // Never above the zoom the map is at (a small map may show the county only farther out).
      map.setMinZoom(Math.min(whole, map.getZoom()));
    };
    map.whenReady(function () { setTimeout(fit, 0); });
    map.on("resize", fit);
    // The page's first fitBounds animates, starting a frame later: it may end after the fit above and
    // leave its own view (without keyRoom). Home is fitted again when it ends.
    map.on("zoomend", function () { if (atHome) fit(); });
  }

  function gateWheel(map, hint) {
    var container = map.getContainer(), active = false, timer = null;
    var tip = L.DomUtil.create("div", "qcm-wheel-hint", container);
    tip.textContent = hint;
    var state = (window.qcmWheel = { active: false, hints: 0 });
    var set = function (value) { active = value; state.active = value; };
    container.addEventListener("wheel", function (e) {
      if (active || e.ctrlKey || e.metaKey) { tip.classList.remove("qcm-show"); return; }
      // Leaflet never sees it, and nothing prevents the default: the page scrolls on.
      e.stopPropagation();
      state.hints += 1;
      tip.classList.add("qcm-show");
      clearTimeout(timer);
      timer = setTimeout(function () { tip.classList.remove("qcm-show"); }, 1600);
    }, { capture: true, passive: true });
    container.addEventListener("pointerdown", function () { set(true); });
    container.addEventListener("focus", function () { set(true); });
    container.addEventListener("blur", function () { set(false); });
    container.addEventListener("mouseleave", function () { set(false); });
    state.activate = function () { set(true); };
  }

  function notice(map, text) {
    var box = L.DomUtil.create("div", "qcm-notice", map.getContainer());
    box.setAttribute("role", "status");
    box.setAttribute("data-testid", "qcm-basemap-notice");
    box.textContent = text;
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  }

  function watchTiles(map, tiles, o, status) {
    var done = false, errors = 0, timer = null;
    var finish = function () { done = true; clearTimeout(timer); };
    var fallBack = function (why) {
      if (done) return;
      finish();
      // Removing a tile layer takes its credit away too (Leaflet listens for its "remove").
      tiles.forEach(function (layer) {
        map.removeLayer(layer);
        layer.off("tileloadstart tileload tileerror");
      });
      map.getContainer().classList.add("qcm-plain");
      status.state = "fallback";
      status.reason = why;
      status.notice = notice(map, o.offlineNotice);
    };
    var start = function () {
      if (!timer && !done) timer = setTimeout(function () { fallBack("timeout"); }, o.tileTimeoutMs);
    };
    tiles.forEach(function (layer) {
      layer.on("tileloadstart", start);
      layer.on("tileload", function () { if (!done) { finish(); status.state = "online"; } });
      layer.on("tileerror", function () { errors += 1; if (errors >= 2) fallBack("error"); });
    });
    if (map.getSize().x) start();
  }

  window.qcmSetup = function (map, o) {
    var status = (window.qcmBasemap = { state: "plain" });
    if (map.attributionControl) {
      map.attributionControl.setPrefix('<a href="https://leafletjs.com" title="Leaflet">Leaflet</a>');
      (o.credits || []).forEach(function (text) { map.attributionControl.addAttribution(escapeHtml(text)); });
    }
    L.control.scale({ metric: true, imperial: false, maxWidth: 120 }).addTo(map);
    holdToRegion(map, o.region, o.home, o.keyRoom);
    gateWheel(map, o.wheelHint);
    var tiles = [];
    map.eachLayer(function (layer) { if (layer instanceof L.TileLayer) tiles.push(layer); });
    if (!o.online || !tiles.length) {
      map.getContainer().classList.add("qcm-plain");
      return;
    }
    status.state = "loading";
    watchTiles(map, tiles, o, status);
  };
})();
