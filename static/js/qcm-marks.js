/* Qingyun Chain Map: how point marks and their names look (qcm-cloud.js draws them).
 * A mark follows its style descriptor (geo/map/layers.py marker_style: colour, radius, shape,
 * hollow = illustrative position, role = "subject" for the chain or "context"), the same
 * descriptors the legend reads. Names are canvas text with a white halo, placed without overlap.
 */
(function () {
  "use strict";
  var LABEL_MIN_ZOOM = 9.5;  // below it (the whole of Dezhou) names would crowd: hover shows them
  var LABEL_FONT = "600 12.5px 'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', sans-serif";
  var LABEL_LINE_PX = 15;
  var LABEL_MAX_PX = 150;
  var LABEL_MAX_MARKS = 300;  // more marks than this on screen: no labels (they could not be read)
  var measureCtx = null;

  function measure(text) {
    if (!measureCtx) { measureCtx = document.createElement("canvas").getContext("2d"); }
    measureCtx.font = LABEL_FONT;
    return measureCtx.measureText(text).width;
  }

  /* A name as at most two lines no wider than LABEL_MAX_PX (CJK breaks anywhere, others at spaces). */
  function wrapLabel(text) {
    if (measure(text) <= LABEL_MAX_PX) return [text];
    var cjk = /[\u3400-\u9fff]/.test(text), parts = cjk ? Array.from(text) : text.split(" ");
    var joiner = cjk ? "" : " ", lines = [], line = "";
    for (var k = 0; k < parts.length; k++) {
      var next = line ? line + joiner + parts[k] : parts[k];
      if (line && measure(next) > LABEL_MAX_PX) {
        lines.push(line);
        line = parts[k];
        if (lines.length === 2) break;
      } else {
        line = next;
      }
    }
    if (lines.length < 2) lines.push(line);
    else lines[1] = lines[1] + "…";
    while (lines[1] && measure(lines[1]) > LABEL_MAX_PX && lines[1].length > 2) {
      lines[1] = lines[1].slice(0, -2) + "…";
    }
    return lines;
  }

  function overlaps(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }

  function shapePath(ctx, shape, c, r) {
    ctx.beginPath();
    if (shape === "diamond") {
      var d = r * 1.25;
      ctx.moveTo(c, c - d); ctx.lineTo(c + d, c); ctx.lineTo(c, c + d); ctx.lineTo(c - d, c);
      ctx.closePath();
    } else if (shape === "square") {
      var h = r * 0.88;
      ctx.rect(c - h, c - h, 2 * h, 2 * h);
    } else {
      ctx.arc(c, c, r, 0, Math.PI * 2);
    }
  }

  /* Where each name of a point layer goes (cloud: qcm-cloud.js's Cloud, projected): beside its mark
   * (right, left, above, below, then the diagonals), where it covers no mark of the layer and no name
   * placed before it, inside the view if it can; bigger marks first. A name with no free place is left out (hover shows it). */
  function placeLabels(cloud) {
    cloud._labelBoxes = [];
    var names = cloud._labels, map = cloud._map;
    if (!names || !map || map.getZoom() < LABEL_MIN_ZOOM) return;
    var styles = cloud._desc.styles, styleCodes = cloud._data.codes.style, px = cloud._px, py = cloud._py;
    // Only the marks on screen, and only while they are few enough to read (hover names the rest):
    // the work is bounded however many points the layer holds.
    var view = map.getPixelBounds(), origin = map.getPixelOrigin(), pad = 40;
    var x0 = view.min.x - origin.x - pad, x1 = view.max.x - origin.x + pad;
    var y0 = view.min.y - origin.y - pad, y1 = view.max.y - origin.y + pad;
    var vx0 = x0 + pad, vx1 = x1 - pad, vy0 = y0 + pad, vy1 = y1 - pad;
    var onScreen = Array.from(cloud._visible).filter(function (i) {
      return px[i] >= x0 && px[i] <= x1 && py[i] >= y0 && py[i] <= y1;
    });
    if (onScreen.length > LABEL_MAX_MARKS) return;
    var order = onScreen.filter(function (i) { return names[i]; });
    order.sort(function (a, b) { return styles[styleCodes[b]].radius - styles[styleCodes[a]].radius || a - b; });
    var taken = onScreen.map(function (i) {
      var r = styles[styleCodes[i]].radius * 1.2;
      return { x: px[i] - r, y: py[i] - r, w: 2 * r, h: 2 * r };
    });
    var boxes = cloud._labelBoxes;
    order.forEach(function (i) {
      var lines = wrapLabel(names[i]), r = styles[styleCodes[i]].radius * 1.2 + 3;
      var w = Math.max.apply(null, lines.map(measure)) + 4, h = lines.length * LABEL_LINE_PX + 2;
      var x = px[i], y = py[i];
      var d = r * 0.75;
      var candidates = [
        { x: x + r, y: y - h / 2 }, { x: x - r - w, y: y - h / 2 },
        { x: x - w / 2, y: y - r - h }, { x: x - w / 2, y: y + r },
        { x: x + d, y: y - d - h }, { x: x + d, y: y + d }, { x: x - d - w, y: y - d - h },
        { x: x - d - w, y: y + d },
      ];
      // A free place inside the map's view first (a mark at the edge is named on its inner side), else
      // any free place.
      var inView = function (box) { return box.x >= vx0 && box.x + w <= vx1 && box.y >= vy0 && box.y + h <= vy1; };
      for (var pass = 0; pass < 2; pass++) {
        var placed = null;
        for (var c = 0; c < candidates.length && !placed; c++) {
          var box = { x: candidates[c].x, y: candidates[c].y, w: w, h: h, index: i, lines: lines };
          if ((pass || inView(box)) && taken.every(function (t) { return !overlaps(box, t); })) placed = box;
        }
        if (placed) { boxes.push(placed); taken.push(placed); break; }
      }
    });
    var b = cloud._pxBounds;
    boxes.forEach(function (box) {
      b.extend(L.point(box.x - 2, box.y - 2));
      b.extend(L.point(box.x + box.w + 2, box.y + box.h + 2));
    });
  }

  function drawLabels(ctx, boxes) {
    if (!boxes || !boxes.length) return;
    ctx.save();
    ctx.font = LABEL_FONT;
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    ctx.lineJoin = "round";
    boxes.forEach(function (box) {
      box.lines.forEach(function (line, k) {
        var x = box.x + 2, y = box.y + 1 + LABEL_LINE_PX * (k + 0.5);
        ctx.lineWidth = 3.5;
        ctx.strokeStyle = "rgba(255, 255, 255, 0.95)";
        ctx.strokeText(line, x, y);
        ctx.fillStyle = "#1d2a33";
        ctx.fillText(line, x, y);
      });
    });
    ctx.restore();
  }

  /* One pre-drawn picture per style, stamped with drawImage (qcm-cloud.js). Subject marks (the chain):
   * saturated, with a white halo; an illustrative one lighter with a dashed rim. Context marks
   * (energy assets): small, light, thin; illustrative ones hollow. */
  var sprites = {};
  function sprite(style, ratio) {
    var key = [style.color, style.radius, style.hollow, style.shape, style.role, ratio].join("|");
    if (sprites[key]) return sprites[key];
    var subject = style.role === "subject", r = style.radius;
    var size = Math.ceil(2 * r * 1.25 + (subject ? 10 : 4)), c = size / 2;  // room for the halo or rim
    var canvas = document.createElement("canvas");
    canvas.width = canvas.height = Math.ceil(size * ratio);
    var ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    shapePath(ctx, style.shape, c, r);
    if (subject) {
      ctx.lineWidth = 4;
      ctx.strokeStyle = "rgba(255, 255, 255, 0.95)";
      ctx.stroke();
      ctx.globalAlpha = style.hollow ? 0.6 : 0.95;
      ctx.fillStyle = style.color;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.lineWidth = 2;
      ctx.setLineDash(style.hollow ? [4, 3] : []);
      ctx.strokeStyle = style.hollow ? style.color : "#ffffff";
      ctx.stroke();
    } else {
      ctx.globalAlpha = style.hollow ? 0.55 : 0.6;
      ctx.fillStyle = style.hollow ? "#ffffff" : style.color;
      ctx.fill();
      ctx.globalAlpha = 0.9;
      ctx.lineWidth = style.hollow ? 1.3 : 1;
      ctx.setLineDash(style.hollow ? [3, 2] : []);
      ctx.strokeStyle = style.hollow ? style.color : "#ffffff";
      ctx.stroke();
    }
    sprites[key] = { canvas: canvas, size: size };
    return sprites[key];
  }


  window.qcmMarks = { sprite: sprite, placeLabels: placeLabels, drawLabels: drawLabels };
})();
