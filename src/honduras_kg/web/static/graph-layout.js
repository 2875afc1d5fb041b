// Where the graph view's nodes go, beyond what vis-network's physics decides: new nodes
// beside the neighbours already drawn (so a filter or an expansion never reshuffles the
// picture), labels pushed apart until no two overlap, and a first zoom at which every label
// is readable.

/** The smallest label a reader should have to read, in CSS pixels on screen. */
export const READABLE_PX = 11;
const MAX_FIRST_SCALE = 1.4;
const RING = 170;

/** A position for each of ``newIds`` near the nodes it links to that are already placed. */
export function placeNear(newIds, edges, placed) {
  const where = Object.assign({}, placed);
  const spread = {};
  for (const id of newIds) {
    const anchors = edges.filter((e) => e.from === id || e.to === id)
      .map((e) => where[e.from === id ? e.to : e.from]).filter(Boolean);
    const centre = anchors.length ? mean(anchors) : outside(where);
    const key = Math.round(centre.x) + "," + Math.round(centre.y);
    const turn = (spread[key] = (spread[key] || 0) + 1);
    const angle = turn * 2.4;  // the golden angle spreads siblings evenly
    where[id] = { x: centre.x + RING * Math.cos(angle), y: centre.y + RING * Math.sin(angle) };
  }
  return Object.fromEntries(newIds.map((id) => [id, where[id]]));
}

function mean(points) {
  const sum = points.reduce((a, p) => ({ x: a.x + p.x, y: a.y + p.y }), { x: 0, y: 0 });
  return { x: sum.x / points.length, y: sum.y / points.length };
}

function outside(placed) {
  const points = Object.values(placed);
  if (!points.length) return { x: 0, y: 0 };
  return { x: Math.max(...points.map((p) => p.x)) + RING, y: mean(points).y };
}

/** Move the ``movable`` nodes until no two boxes (node and label, as vis draws them) overlap. */
export function separate(network, ids, movable, margin = 8) {
  const pos = network.getPositions(ids);
  const extent = {};
  for (const id of ids) {
    const box = network.getBoundingBox(id);
    if (!box || !pos[id]) continue;
    extent[id] = { l: box.left - pos[id].x, r: box.right - pos[id].x,
      t: box.top - pos[id].y, b: box.bottom - pos[id].y };
  }
  const live = ids.filter((id) => extent[id]);
  const moved = new Set();
  for (let round = 0; round < 100; round += 1) {
    let clash = false;
    for (let i = 0; i < live.length; i += 1) {
      for (let j = i + 1; j < live.length; j += 1) {
        if (pushApart(live[i], live[j], pos, extent, movable, margin, moved)) clash = true;
      }
    }
    if (!clash) break;
  }
  // Pushing can go round in circles among nodes that stay put (a long label between
  // two others): such a node takes the nearest free spot on a spiral around it.
  for (const id of live.filter((n) => movable.has(n))) {
    if (clashes(id, live, pos, extent, margin)) {
      spiralToFree(id, live, pos, extent, margin);
      moved.add(id);
    }
  }
  for (const id of moved) network.moveNode(id, pos[id].x, pos[id].y);
  return moved.size;
}

function clashes(id, live, pos, extent, margin) {
  const A = box(pos[id], extent[id]);
  return live.some((other) => {
    if (other === id) return false;
    const B = box(pos[other], extent[other]);
    return Math.min(A.r, B.r) - Math.max(A.l, B.l) + margin > 0 &&
      Math.min(A.b, B.b) - Math.max(A.t, B.t) + margin > 0;
  });
}

function spiralToFree(id, live, pos, extent, margin) {
  const start = { x: pos[id].x, y: pos[id].y };
  for (let step = 1; step < 20000; step += 1) {
    const radius = 12 * Math.sqrt(step);
    const angle = step * 2.4;
    pos[id] = { x: start.x + radius * Math.cos(angle), y: start.y + radius * Math.sin(angle) };
    if (!clashes(id, live, pos, extent, margin)) return;
  }
}

function pushApart(a, b, pos, extent, movable, margin, moved) {
  const A = box(pos[a], extent[a]);
  const B = box(pos[b], extent[b]);
  const dx = Math.min(A.r, B.r) - Math.max(A.l, B.l) + margin;
  const dy = Math.min(A.b, B.b) - Math.max(A.t, B.t) + margin;
  if (dx <= 0 || dy <= 0) return false;
  const shareA = movable.has(a) ? (movable.has(b) ? 0.5 : 1) : 0;
  const shareB = movable.has(b) ? 1 - shareA : 0;
  if (!shareA && !shareB) return false;
  // Along the axis that needs the smaller move; away from each other.
  const alongX = dx < dy;
  const sign = alongX ? Math.sign(A.cx - B.cx || 1) : Math.sign(A.cy - B.cy || 1);
  const axis = alongX ? "x" : "y";
  const need = alongX ? dx : dy;
  pos[a][axis] += sign * need * shareA;
  pos[b][axis] -= sign * need * shareB;
  if (shareA) moved.add(a);
  if (shareB) moved.add(b);
  return true;
}

function box(p, e) {
  return { l: p.x + e.l, r: p.x + e.r, t: p.y + e.t, b: p.y + e.b,
    cx: p.x + (e.l + e.r) / 2, cy: p.y + (e.t + e.b) / 2 };
}

/** Fit the view; then zoom in, around ``centreId``, until labels of ``fontPx`` are readable. */
export function readableZoom(network, fontPx, centreId, ids) {
  network.fit(ids && ids.length ? { nodes: ids, animation: false } : { animation: false });
  const least = READABLE_PX / fontPx;
  const scale = network.getScale();
  if (scale >= least && scale <= MAX_FIRST_SCALE) return;
  const options = { scale: Math.min(Math.max(scale, least), MAX_FIRST_SCALE), animation: false };
  if (centreId && scale < least) options.position = network.getPositions([centreId])[centreId];
  network.moveTo(options);
}
