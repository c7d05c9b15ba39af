/* Qingyun Chain Map: meeting mode in the browser (an st.components.v2 component on the map page).
 *
 * It runs in the app's own document (components v2 are not sandboxed) and reaches into the map's
 * iframe, which is same-origin. Three jobs:
 *  1. Keys: arrows (and a presenter's PageUp/PageDown) step a tour, Esc leaves presentation mode.
 *     Listened for on the page and inside the map iframe, where a click on the map moves the focus;
 *     sent to Python as the state "key" = {action: next / prev / exit, seq}. A state, not a trigger:
 *     a trigger is a one-shot event, and one sent while another rerun was starting (a click on the
 *     map) was seen to be lost; a state value travels with every later rerun until Python has it.
 *  2. Map position in the URL: after someone pans or zooms the map, `at=lat,lon,zoom` is written into
 *     the address bar with history.replaceState: no rerun, and a copied link reopens the same map.
 *     Streamlit rewrites the URL whenever the server changes a parameter; the position is put back.
 *  3. Presentation mode: the map is stretched to the bottom of the screen (st_folium draws it at a
 *     fixed pixel height), and restored when presentation mode ends.
 *  4. The legend's rows are toggle buttons: each gets aria-pressed from its state (the ticked box,
 *     or "all" drawn as the primary button), so a screen reader says "pressed" / "not pressed".
 *
 * The component's function runs again on every rerun whose data changed, and Streamlit calls no
 * cleanup in between: so everything lives in one object on window, which each call updates.
 * Data (from ui/meeting.py): {token, at, present, tour, height, bottom}.
 */
export default function (component) {
  var M = window.__qcmMeeting;
  if (!M) {
    M = window.__qcmMeeting = {
      data: {}, token: null, pos: null, userTime: 0, host: null, setState: null, seq: 0, sent: 0,
      maps: new WeakSet(), docs: new WeakSet(), sized: null,
    };
    setInterval(function () { tick(M); }, 250);
    listenKeys(M, document);
  }
  M.data = component.data || {};
  M.setState = component.setStateValue;
  M.host = component.parentElement && (component.parentElement.host || component.parentElement);
  if (M.data.token !== M.token) {  // the server set (or cleared) the position: it wins
    M.token = M.data.token;
    M.pos = parsePosition(M.data.at);
  }
  tick(M);
}

var MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]';
var USER_MOVE_MS = 1500;  // a move ending this long after a drag, wheel, zoom button or key is the user's

function active(M) {
  return !!(M.host && M.host.isConnected);
}

function parsePosition(text) {
  if (!text) return null;
  var parts = String(text).split(",").map(Number);
  if (parts.length !== 3 || parts.some(isNaN)) return null;
  return { lat: parts[0], lon: parts[1], zoom: parts[2] };
}

function formatPosition(p) {
  var zoom = Math.round(p.zoom * 100) / 100;
  return p.lat.toFixed(5) + "," + p.lon.toFixed(5) + "," + zoom;
}

function near(p, map) {
  var c = map.getCenter();
  return Math.abs(c.lat - p.lat) < 2e-4 && Math.abs(c.lng - p.lon) < 2e-4 && Math.abs(map.getZoom() - p.zoom) < 0.01;
}

function action(M, event) {
  var key = event.key;
  if (M.data.tour && (key === "ArrowRight" || key === "PageDown")) return "next";
  if (M.data.tour && (key === "ArrowLeft" || key === "PageUp")) return "prev";
  if (M.data.present && (key === "Escape" || key === "Esc")) return "exit";
  return null;
}

function typing(target) {
  if (!target || !target.tagName) return false;
  var tag = target.tagName.toLowerCase();
  return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
}

function listenKeys(M, doc) {
  if (M.docs.has(doc)) return;
  M.docs.add(doc);
  // Capture phase: before Leaflet's keyboard panning and Streamlit's own handlers see the key.
  doc.addEventListener("keydown", function (event) {
    if (!active(M) || typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    var what = action(M, event);
    if (!what) return;
    event.preventDefault();
    event.stopPropagation();
    if (!M.setState) return;
    M.seq += 1;
    M.sent += 1;  // tests read window.__qcmMeeting.sent
    M.setState("key", { action: what, seq: Date.now() + "-" + M.seq });
  }, true);
}

function bindMap(M, win) {
  var map = win.map;
  if (!map || M.maps.has(map)) return;
  M.maps.add(map);
  var container = map.getContainer();
  // What moves a map by hand: a drag, the wheel, a double click, a pinch, Leaflet's keys, the zoom
  // buttons. A plain click does not (a click on a marker selects it; the app then moves the map).
  var mark = function () { M.userTime = Date.now(); };
  ["wheel", "touchstart", "keydown", "dblclick"].forEach(function (name) {
    container.addEventListener(name, mark, { capture: true, passive: true });
  });
  map.on("dragstart", mark);
  container.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".leaflet-control-zoom")) mark();
  }, true);
  // Leaflet drops a setView that arrives during a zoom animation (Map._tryAnimatedZoom), so a tour
  // step that follows the previous one quickly would keep the previous step's view: apply it when
  // the running animation ends.
  var setView = map.setView;
  map.setView = function () {
    var args = arguments;
    if (this._animatingZoom) {
      this.once("zoomend", function () { map.setView.apply(map, args); });
      return this;
    }
    return setView.apply(this, args);
  };
  map.on("moveend", function () {
    if (!active(M) || win.map !== map) return;
    var c = map.getCenter();
    if (Date.now() - M.userTime < USER_MOVE_MS) {
      M.pos = { lat: c.lat, lon: c.lng, zoom: map.getZoom() };
    } else if (M.pos && !near(M.pos, map)) {
      M.pos = null;  // moved by the app (a tour step, a selection): the URL already says where
    }
    syncUrl(M);
  });
  listenKeys(M, win.document);
}

function syncUrl(M) {
  var url = new URL(window.location.href);
  var want = M.pos ? formatPosition(M.pos) : null;
  if (url.searchParams.get("at") === want) return;
  if (want) url.searchParams.set("at", want); else url.searchParams.delete("at");
  // URLSearchParams encodes "," as %2C; Streamlit writes it plainly: keep the address readable.
  var search = url.searchParams.toString().replace(/%2C/g, ",");
  window.history.replaceState(window.history.state, "", url.pathname + (search ? "?" + search : "") + url.hash);
}

function size(M, frame, win) {
  var doc = win.document;
  var div = doc.getElementById("map_div");
  if (!div || !win.map) return;
  var want;
  if (M.data.present) {
    var top = frame.getBoundingClientRect().top + window.scrollY;
    want = Math.max(320, Math.floor(window.innerHeight - top - (M.data.bottom || 0)));
  } else if (M.sized !== null) {
    want = M.data.height;  // presentation mode ended: back to the page's height
  } else {
    return;
  }
  // st_folium sets the frame's height again whenever its layers change: check the frame too.
  if (M.sized === want && div.style.height === want + "px"
      && Math.round(frame.getBoundingClientRect().height) === want) return;
  frame.style.height = want + "px";
  frame.setAttribute("height", String(want));
  div.style.height = want + "px";
  M.sized = M.data.present ? want : null;
  win.map.invalidateSize({ pan: false });
}

function markPressed(doc) {
  doc.querySelectorAll('.st-key-qcm_legend [class*="st-key-qcm_leg_"] button').forEach(function (button) {
    var icon = button.querySelector('[data-testid="stIconMaterial"]');
    var name = icon ? icon.textContent.trim() : "";
    var pressed = name === "select_all" ? button.getAttribute("data-testid") === "stBaseButton-primary"
      : name === "check_box" ? true : name === "check_box_outline_blank" ? false : null;
    if (pressed !== null && button.getAttribute("aria-pressed") !== String(pressed)) {
      button.setAttribute("aria-pressed", String(pressed));
    }
  });
}

function tick(M) {
  markPressed(document);
  if (!active(M)) return;
  var frame = document.querySelector(MAP_IFRAME);
  var win = null;
  try { win = frame && frame.contentWindow; } catch (e) { win = null; }
  if (win && win.map) {
    bindMap(M, win);
    size(M, frame, win);
  }
  syncUrl(M);
}
