/* kg explorer: filters, entity panel, search and shareable state over vis-network.
   Every string from the data is inserted with textContent or as a text node, never as markup. */
(function () {
  "use strict";
  performance.mark("kg-start");
  var D = JSON.parse(document.getElementById("kg-data").textContent);
  var E = D.entities, S = D.statements, Q = D.quotes, DOCS = D.docs, TYPES = D.types;
  var LABEL = 0, TYPE = 1, ALIASES = 2, MENTIONS = 3, NAMED = 4, GROUP = 5, RANK = 6, EDOCS = 7;
  var SUBJ = 0, REL = 1, OBJ = 2, VALUE = 3, CONF = 4, DOC = 5, SENT = 6, DATE = 11;
  var MAX_LIST = 50, MAX_SHORT = 20, MAX_MATCHES = 12;
  /* Below D.low a statement is shown as low confidence, after every confident one. */
  function low(i) { return S[i][CONF] < D.low; }
  function confidentFirst(ids) {
    return ids.map(function (i, k) { return [low(i) ? 1 : 0, k, i]; })
      .sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; }).map(function (x) { return x[2]; });
  }

  /* ---- indexes ---- */
  var byEntity = E.map(function () { return []; });
  var iriIndex = new Map();
  D.iris.forEach(function (iri, i) { iriIndex.set(iri, i); });
  S.forEach(function (s, i) {
    byEntity[s[SUBJ]].push(i);
    if (s[OBJ] >= 0 && s[OBJ] !== s[SUBJ]) byEntity[s[OBJ]].push(i);
  });
  /* Phrase links: entity v is named inside the noun-phrase end of statement i. */
  var viaOf = new Map();
  D.via.forEach(function (link) {
    var i = link[0], v = link[1];
    if (!viaOf.has(i)) viaOf.set(i, []);
    viaOf.get(i).push(v);
    if (v !== S[i][SUBJ] && v !== S[i][OBJ] && byEntity[v].indexOf(i) < 0) byEntity[v].push(i);
  });
  /* The other ends of statement i seen from entity e: [entity, through a phrase?]. */
  function partners(i, e) {
    var s = S[i], vias = viaOf.get(i) || [], out = [];
    if (s[SUBJ] === e || s[OBJ] === e) {
      var o = s[SUBJ] === e ? s[OBJ] : s[SUBJ];
      if (o >= 0) out.push([o, false]);
      if (E[e][NAMED]) vias.forEach(function (v) { if (v !== e) out.push([v, true]); });
    } else {
      [s[SUBJ], s[OBJ]].forEach(function (x) { if (x >= 0 && E[x][NAMED] && x !== e) out.push([x, true]); });
    }
    return out;
  }
  /* Is x on the subject side of statement i (itself the subject, or named inside it)? */
  function subjectSide(i, x) {
    var s = S[i];
    return x === s[SUBJ] || (x !== s[OBJ] && !E[s[SUBJ]][NAMED]);
  }
  var quotesBy = new Map();
  Q.forEach(function (q, i) {
    if (!quotesBy.has(q[0])) quotesBy.set(q[0], []);
    quotesBy.get(q[0]).push(i);
  });
  var hasDates = S.some(function (s) { return s[DATE]; }) || DOCS.some(function (d) { return d[2]; });
  var haystack = E.map(function (e) { return [e[LABEL]].concat(e[ALIASES]).join("\u0001").toLowerCase(); });
  performance.mark("kg-indexed");
  var basePos = new Map();
  D.view.nodes.forEach(function (n, k) { basePos.set(n, D.view.xy[k]); });

  /* ---- state ---- */
  var state = {entity: -1, docsOff: new Set(), from: "", to: "", conf: 0, typesOff: new Set(),
               colour: "type", concepts: false, extra: new Set(), hidden: new Set()};
  var placed = new Map(basePos), around = new Map();

  function statementDate(s) { return s[DATE] || DOCS[s[DOC]][2] || ""; }
  function ok(i) {
    var s = S[i];
    if (state.docsOff.has(s[DOC]) || s[CONF] < state.conf) return false;
    if (state.from || state.to) {
      var d = statementDate(s);
      if (!d || (state.from && d < state.from) || (state.to && d > state.to)) return false;
    }
    return true;
  }
  function inPlay(e) { return byEntity[e].length === 0 || byEntity[e].some(ok); }
  function typeName(e) { return TYPES[E[e][TYPE]]; }
  function allowed(e) { return !state.hidden.has(e) && !state.typesOff.has(typeName(e)); }
  function other(s, e) { return s[SUBJ] === e ? s[OBJ] : s[SUBJ]; }

  /* ---- the network ---- */
  var nodes = new vis.DataSet(), edges = new vis.DataSet();
  var network = new vis.Network(document.getElementById("kg-network"), {nodes: nodes, edges: edges}, {
    autoResize: true,
    nodes: {borderWidth: 1, font: {size: 14, color: "#202124", strokeWidth: 3, strokeColor: "#ffffff"}},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.5}}, smooth: false,
            color: {color: "#8a8f96", highlight: "#202124", hover: "#3c4043", inherit: false},
            font: {size: 10, color: "#3c4043", strokeWidth: 3, strokeColor: "#ffffff", align: "horizontal"}},
    physics: {enabled: false, solver: "forceAtlas2Based", stabilization: false,
              forceAtlas2Based: {gravitationalConstant: -60, springLength: 110, avoidOverlap: 0.2}},
    interaction: {hover: true, tooltipDelay: 200, hideEdgesOnDrag: S.length > 5000},
    layout: {randomSeed: 7, improvedLayout: false}
  });

  function position(e, anchor) {
    if (placed.has(e)) return placed.get(e);
    var a = anchor !== undefined && placed.has(anchor) ? placed.get(anchor) : [0, 0];
    var k = (around.get(anchor) || 0) + 1;
    around.set(anchor, k);
    var r = 90 + 14 * Math.sqrt(k), angle = k * 2.39996;
    var p = [Math.round(a[0] + r * Math.cos(angle)), Math.round(a[1] + r * Math.sin(angle))];
    placed.set(e, p);
    return p;
  }
  function colourOf(e) {
    var c = D.styles[E[e][TYPE]][0];
    if (state.colour === "community") c = E[e][GROUP] < 0 ? "#BBBBBB" : D.palette[E[e][GROUP] % D.palette.length];
    if (state.colour === "document") c = E[e][EDOCS].length ? D.palette[E[e][EDOCS][0] % D.palette.length] : "#BBBBBB";
    return c;
  }
  function clip(text, n) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }
  function nodeItem(e, anchor) {
    var p = position(e, anchor), colour = colourOf(e);
    var several = state.colour === "document" && E[e][EDOCS].length > 1;
    return {id: e, x: p[0], y: p[1], label: clip(E[e][LABEL], 40), shape: D.styles[E[e][TYPE]][1],
            size: 9 + 22 * Math.sqrt(E[e][RANK]), borderWidth: several ? 3 : 1,
            color: {background: colour, border: several ? "#202124" : "#3c4043",
                    highlight: {background: colour, border: "#000000"}}};
  }

  /* Which nodes and edges the current state shows. */
  function compute() {
    var cand = new Set(), anchors = new Map();
    D.view.nodes.forEach(function (e) { if (allowed(e)) cand.add(e); });
    state.extra.forEach(function (e) { if (allowed(e)) cand.add(e); });
    if (state.entity >= 0 && allowed(state.entity)) cand.add(state.entity);
    var literal = [];
    if (state.concepts) {
      Array.from(cand).forEach(function (e) {
        byEntity[e].forEach(function (i) {
          if (!ok(i) || (S[i][SUBJ] !== e && S[i][OBJ] !== e)) return;
          var o = other(S[i], e);
          if (o < 0) { if (S[i][SUBJ] === e) literal.push(i); return; }
          if (!E[o][NAMED] && allowed(o) && !cand.has(o)) { cand.add(o); anchors.set(o, e); }
        });
      });
    }
    var pairs = new Map(), linked = new Set();
    cand.forEach(function (e) {
      byEntity[e].forEach(function (i) {
        if (!ok(i)) return;
        partners(i, e).forEach(function (end) {
          var o = end[0];
          if (o === e || !cand.has(o)) return;
          if (!state.concepts && (!E[e][NAMED] || !E[o][NAMED]) && !state.extra.has(e) && !state.extra.has(o)
              && e !== state.entity && o !== state.entity) return;
          var a = Math.min(e, o), b = Math.max(e, o), key = a + "|" + b;
          var pair = pairs.get(key);
          if (!pair) { pair = {a: a, b: b, st: new Set(), direct: false}; pairs.set(key, pair); }
          pair.st.add(i);
          if (!end[1]) pair.direct = true;
          linked.add(a); linked.add(b);
        });
      });
    });
    var shown = new Map();
    cand.forEach(function (e) {
      if (linked.has(e) || ((state.extra.has(e) || e === state.entity) && inPlay(e))) shown.set(e, anchors.get(e));
    });
    return {shown: shown, pairs: pairs, literal: state.concepts ? literal.filter(function (i) {
      return shown.has(S[i][SUBJ]); }) : []};
  }

  /* The words statement i says of a and b: its relation when they are its two ends, else
     the relation with the noun phrase that names one of them ("is Columbia graduate"). */
  function throughLabel(i, a, b) {
    var s = S[i], r = D.relations[s[REL]];
    if ((s[SUBJ] === a && s[OBJ] === b) || (s[SUBJ] === b && s[OBJ] === a)) return r;
    if (s[OBJ] >= 0 && !E[s[OBJ]][NAMED]) return r + " " + E[s[OBJ]][LABEL];
    if (!E[s[SUBJ]][NAMED]) return E[s[SUBJ]][LABEL] + " " + r;
    return r;
  }
  function edgeItem(key, pair) {
    var ids = Array.from(pair.st).sort(function (x, y) { return x - y; });
    var counts = new Map(), forward = 0, confident = ids.filter(function (i) { return !low(i); });
    /* The label names the most frequent relation among the confident statements, if any;
       a statement that links the two through a phrase says so ("is ... graduate"), never
       its bare relation ("is"), which would state it of them. */
    (confident.length ? confident : ids).forEach(function (i) {
      var r = throughLabel(i, pair.a, pair.b);
      counts.set(r, (counts.get(r) || 0) + 1);
    });
    ids.forEach(function (i) { if (subjectSide(i, pair.a)) forward += 1; });
    var top = Array.from(counts.keys()).sort(function (x, y) { return counts.get(y) - counts.get(x) || (x < y ? -1 : 1); })[0];
    var both = forward > 0 && forward < ids.length;
    return {id: key, from: forward > 0 ? pair.a : pair.b, to: forward > 0 ? pair.b : pair.a,
            label: clip(top, 30) + (ids.length > 1 ? " (" + ids.length + ")" : ""),
            arrows: both ? "to, from" : "to", width: confident.length ? 1 + Math.min(4, Math.log2(confident.length)) : 1,
            color: confident.length ? undefined : {color: "#c4c7cc", highlight: "#5f6368", hover: "#80868b", inherit: false},
            title: confident.length ? undefined : "low confidence",
            dashes: !pair.direct, kgStatements: ids};
  }

  var current = {nodes: new Set(), edges: new Set()}, view = null;
  var nodeSigs = new Map(), edgeSigs = new Map();
  /* Only items that are new or differ from what is drawn go to the DataSets. */
  function changedItems(items, sigs, keep) {
    sigs.forEach(function (_, id) { if (!keep.has(id)) sigs.delete(id); });
    return items.filter(function (item) {
      var sig = JSON.stringify(item);
      if (sigs.get(item.id) === sig) return false;
      sigs.set(item.id, sig);
      return true;
    });
  }
  function refresh() {
    view = compute();
    var nodeList = [], edgeList = [];
    view.shown.forEach(function (anchor, e) { nodeList.push(nodeItem(e, anchor)); });
    view.pairs.forEach(function (pair, key) { edgeList.push(edgeItem(key, pair)); });
    view.literal.forEach(function (i) {
      var id = "v" + i, s = S[i];
      if (!placed.has(id)) position(id, s[SUBJ]);
      var p = placed.get(id);
      nodeList.push({id: id, x: p[0], y: p[1], label: clip(s[VALUE], 40), shape: "box",
                     color: {background: "#f1f3f4", border: "#80868b"}, font: {size: 11}});
      edgeList.push({id: "e" + i, from: s[SUBJ], to: id, label: clip(D.relations[s[REL]], 30),
                     arrows: "to", width: 1, kgStatements: [i]});
    });
    var nodeIds = new Set(nodeList.map(function (n) { return n.id; }));
    var edgeIds = new Set(edgeList.map(function (x) { return x.id; }));
    nodes.remove(Array.from(current.nodes).filter(function (id) { return !nodeIds.has(id); }));
    edges.remove(Array.from(current.edges).filter(function (id) { return !edgeIds.has(id); }));
    nodes.update(changedItems(nodeList, nodeSigs, nodeIds));
    edges.update(changedItems(edgeList, edgeSigs, edgeIds));
    current = {nodes: nodeIds, edges: edgeIds};
    document.getElementById("kg-empty").hidden = nodeList.length > 0;
    document.getElementById("kg-reset").hidden = state.hidden.size === 0;
    groupsLegend();
    if (state.entity >= 0 && nodeIds.has(state.entity)) network.selectNodes([state.entity]);
  }

  /* ---- DOM helpers (text only) ---- */
  function el(tag, text, cls, parent) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) x.textContent = String(text);
    if (cls) x.className = cls;
    if (parent) parent.appendChild(x);
    return x;
  }
  function docLabel(d) { var doc = DOCS[d]; return doc[1] || doc[0]; }
  function docLine(d, parent, withUrl) {
    var doc = DOCS[d], line = el("cite", null, null, parent);
    line.dir = "auto";
    el("span", docLabel(d), null, line);
    if (doc[2]) el("span", " · " + doc[2], null, line);
    if (withUrl && doc[3] && /^https?:\/\//i.test(doc[3])) {
      line.appendChild(document.createTextNode(" · "));
      var a = el("a", doc[3], null, line);
      a.href = doc[3]; a.rel = "noopener noreferrer nofollow"; a.target = "_blank";
    }
    return line;
  }
  function entityButton(e, parent) {
    var b = el("button", E[e][LABEL], null, parent);
    b.type = "button";
    b.addEventListener("click", function () { openEntity(e, true); });
    return b;
  }
  function sentence(s, parent) {
    var text = D.sentences[s[SENT]], q = el("blockquote", null, null, parent);
    q.dir = "auto";
    var marks = [[s[7], s[8], "kg-s"], [s[9], s[10], "kg-o"]].filter(function (m) {
      return m[0] >= 0 && m[1] > m[0];
    }).sort(function (x, y) { return x[0] - y[0]; });
    var at = 0;
    marks.forEach(function (m) {
      var start = Math.max(m[0], at);
      if (start >= m[1]) return;
      if (start > at) q.appendChild(document.createTextNode(text.slice(at, start)));
      el("mark", text.slice(start, m[1]), m[2], q);
      at = m[1];
    });
    if (at < text.length) q.appendChild(document.createTextNode(text.slice(at)));
  }
  function statementItem(i, list, viewer) {
    var s = S[i], li = el("li", null, low(i) ? "low" : null, list), claim = el("div", null, "claim", li);
    claim.dir = "auto";
    entityButton(s[SUBJ], claim);
    el("span", " " + D.relations[s[REL]] + " ", "rel", claim);
    if (s[OBJ] >= 0) entityButton(s[OBJ], claim); else el("span", s[VALUE], "value", claim);
    if (viewer !== undefined && viewer !== s[SUBJ] && viewer !== s[OBJ]) {
      el("div", "(" + E[viewer][LABEL] + " is named in the phrase)", "via", li).dir = "auto";
    }
    sentence(s, li);
    var cite = docLine(s[DOC], li);
    el("span", " · confidence " + s[CONF].toFixed(2) + (s[DATE] ? " · dated " + s[DATE] : ""), null, cite);
    if (low(i)) el("span", "low confidence", "badge", cite);
  }
  function statementList(ids, parent, heading, viewer) {
    var shown = confidentFirst(ids.filter(ok));
    el("h3", heading + " (" + shown.length + (shown.length < ids.length ? " of " + ids.length + ", filtered" : "") + ")", null, parent);
    var list = el("ul", null, "statements", parent);
    shown.slice(0, MAX_LIST).forEach(function (i) { statementItem(i, list, viewer); });
    if (shown.length > MAX_LIST) {
      button("Show all " + shown.length + " statements", parent, function (ev) {
        ev.target.remove();
        shown.slice(MAX_LIST).forEach(function (i) { statementItem(i, list, viewer); });
      });
    }
  }
  function button(text, parent, action) {
    var b = el("button", text, null, parent);
    b.type = "button";
    b.addEventListener("click", action);
    return b;
  }

  /* ---- panel ---- */
  var panel = document.getElementById("kg-panel"), body = document.getElementById("kg-panel-body");
  function openPanel() {
    body.textContent = "";
    panel.hidden = false;
    var h = el("h2", null, null, body);
    h.id = "kg-panel-title"; h.tabIndex = -1; h.dir = "auto";
    return h;
  }
  function renderEntity(e) {
    var ent = E[e], h = openPanel();
    h.textContent = ent[LABEL];
    el("p", typeName(e) + " · " + ent[MENTIONS] + " mention" + (ent[MENTIONS] === 1 ? "" : "s"), "meta", body);
    if (ent[ALIASES].length) el("p", "Also: " + ent[ALIASES].join("; "), "meta", body).dir = "auto";
    var row = el("div", null, "row", body);
    button("Expand neighbours", row, function () { expand(e); });
    button("Hide", row, function () { state.hidden.add(e); closePanel(); refresh(); save(); });
    button("Focus", row, function () { focus(e); });
    button("Close", row, function () { closePanel(); save(); });
    el("h3", "Documents (" + ent[EDOCS].length + ")", null, body);
    var docs = el("ul", null, null, body);
    function docItem(d) { docLine(d, el("li", null, null, docs), true); }
    ent[EDOCS].slice(0, MAX_SHORT).forEach(docItem);
    if (ent[EDOCS].length > MAX_SHORT) {
      button("Show all " + ent[EDOCS].length + " documents", body, function (ev) {
        ev.target.remove();
        ent[EDOCS].slice(MAX_SHORT).forEach(docItem);
      });
    }
    statementList(byEntity[e], body, "Statements", e);
    var quotes = quotesBy.get(e) || [];
    var shownQuotes = quotes.filter(function (k) { return !state.docsOff.has(Q[k][2]); });
    el("h3", "Quotes (" + shownQuotes.length + ")", null, body);
    var ql = el("ul", null, "quotes", body);
    function quoteItem(k) {
      var li = el("li", null, null, ql);
      el("blockquote", "“" + Q[k][1] + "”", null, li).dir = "auto";
      docLine(Q[k][2], li);
    }
    shownQuotes.slice(0, MAX_SHORT).forEach(quoteItem);
    if (shownQuotes.length > MAX_SHORT) {
      button("Show all " + shownQuotes.length + " quotes", body, function (ev) {
        ev.target.remove();
        shownQuotes.slice(MAX_SHORT).forEach(quoteItem);
      });
    }
  }
  function renderEdge(id) {
    var item = edges.get(id);
    if (!item) return;
    var h = openPanel();
    h.textContent = E[item.from][LABEL] + " — " + E[item.to][LABEL];
    var row = el("div", null, "row", body);
    entityButton(item.from, row);
    entityButton(item.to, row);
    button("Close", row, function () { closePanel(); save(); });
    statementList(item.kgStatements, body, "Statements");
  }
  function closePanel() { panel.hidden = true; state.entity = -1; network.unselectAll(); }

  /* The panel is built and painted first; the network catches up right after the paint. */
  var pending = 0;
  function openEntity(e, moveFocus) {
    state.entity = e;
    if (!current.nodes.has(e) && !state.extra.has(e)) state.extra.add(e);
    renderEntity(e);
    if (moveFocus) document.getElementById("kg-panel-title").focus();
    save();
    var ticket = ++pending;
    window.kgSettled = false;
    requestAnimationFrame(function () {
      setTimeout(function () {
        if (ticket !== pending) return;
        refresh();
        if (current.nodes.has(e)) {
          network.selectNodes([e]);
          if (moveFocus) network.focus(e, {scale: Math.max(network.getScale(), 0.8), animation: false});
        }
        window.kgSettled = true;
      }, 0);
    });
  }
  function expand(e) {
    byEntity[e].forEach(function (i) {
      if (!ok(i)) return;
      partners(i, e).forEach(function (end) {
        if (E[end[0]][NAMED] || state.concepts) state.extra.add(end[0]);
      });
    });
    refresh();
    renderEntity(e);
  }
  function focus(e) {
    if (!current.nodes.has(e)) return;
    network.focus(e, {scale: 1.5, animation: false});
    network.selectNodes([e]);
  }
  network.on("click", function (p) {
    if (p.nodes.length && typeof p.nodes[0] === "number") openEntity(p.nodes[0], false);
    else if (p.edges.length && !p.nodes.length) { state.entity = -1; renderEdge(p.edges[0]); save(); }
  });

  /* ---- filters and legend ---- */
  var docList = document.getElementById("kg-docs");
  DOCS.forEach(function (doc, d) {
    var label = el("label", null, null, el("li", null, null, docList));
    var box = el("input", null, null, label);
    box.type = "checkbox"; box.checked = true; box.dataset.doc = String(d);
    box.addEventListener("change", function () {
      if (box.checked) state.docsOff.delete(d); else state.docsOff.add(d);
      changed();
    });
    var name = el("span", docLabel(d) + (doc[2] ? " (" + doc[2] + ")" : ""), "doc", label);
    name.dir = "auto"; name.title = doc[0];
  });
  function setAllDocs(on) {
    docList.querySelectorAll("input").forEach(function (box) {
      box.checked = on;
      if (on) state.docsOff.delete(Number(box.dataset.doc)); else state.docsOff.add(Number(box.dataset.doc));
    });
    changed();
  }
  document.getElementById("kg-docs-all").addEventListener("click", function () { setAllDocs(true); });
  document.getElementById("kg-docs-none").addEventListener("click", function () { setAllDocs(false); });
  document.getElementById("kg-dates").hidden = !hasDates;
  var from = document.getElementById("kg-from"), to = document.getElementById("kg-to");
  from.addEventListener("change", function () { state.from = from.value; changed(); });
  to.addEventListener("change", function () { state.to = to.value; changed(); });
  var conf = document.getElementById("kg-conf"), confValue = document.getElementById("kg-conf-value");
  conf.addEventListener("input", function () { state.conf = Number(conf.value); confValue.textContent = state.conf.toFixed(2); changed(); });
  document.querySelectorAll("#kg-types input").forEach(function (box) {
    box.addEventListener("change", function () {
      if (box.checked) state.typesOff.delete(box.dataset.type); else state.typesOff.add(box.dataset.type);
      changed();
    });
  });
  var concepts = document.getElementById("kg-concepts");
  concepts.addEventListener("change", function () { state.concepts = concepts.checked; changed(); });
  var colour = document.getElementById("kg-colour");
  colour.addEventListener("change", function () { state.colour = colour.value; changed(); });
  var physics = document.getElementById("kg-physics");
  physics.addEventListener("change", function () { network.setOptions({physics: {enabled: physics.checked}}); });
  document.getElementById("kg-reset").addEventListener("click", function () { state.hidden.clear(); changed(); });

  function groupsLegend() {
    var list = document.getElementById("kg-groups");
    list.textContent = "";
    if (state.colour === "type") return;
    var counts = new Map();
    current.nodes.forEach(function (e) {
      if (typeof e !== "number") return;
      var g = state.colour === "community" ? E[e][GROUP] : (E[e][EDOCS].length ? E[e][EDOCS][0] : -1);
      if (g >= 0) counts.set(g, (counts.get(g) || 0) + 1);
    });
    Array.from(counts.keys()).sort(function (a, b) { return counts.get(b) - counts.get(a) || a - b; })
      .slice(0, 12).forEach(function (g) {
        var li = el("li", null, null, list);
        el("span", null, "swatch", li).style.background = D.palette[g % D.palette.length];
        var name = state.colour === "document" ? docLabel(g) : "Community " + (g + 1) + ": " + leader(g);
        el("span", name + " (" + counts.get(g) + ")", "type", li).dir = "auto";
      });
    if (state.colour === "document") el("li", "Thick border: in several documents", "hint", list);
  }
  function leader(g) {
    var best = -1;
    current.nodes.forEach(function (e) {
      if (typeof e === "number" && E[e][GROUP] === g && (best < 0 || E[e][RANK] > E[best][RANK])) best = e;
    });
    return best < 0 ? "" : E[best][LABEL];
  }

  function changed() {
    refresh();
    if (!panel.hidden && state.entity >= 0) renderEntity(state.entity);
    save();
  }

  /* ---- search: a keyboard-navigable list of matches ---- */
  var query = document.getElementById("kg-query"), matches = document.getElementById("kg-matches");
  var status = document.getElementById("kg-search-status"), active = -1, found = [];
  function search(text) {
    var needle = text.trim().toLowerCase();
    if (!needle) return [];
    var scored = [];
    for (var e = 0; e < E.length; e++) {
      var at = haystack[e].indexOf(needle);
      if (at < 0) continue;
      var label = E[e][LABEL].toLowerCase(), names = haystack[e].split("\u0001");
      var score = names.indexOf(needle) >= 0 ? 0 : label.indexOf(needle) === 0 ? 1 : label.indexOf(needle) > 0 ? 2 : 3;
      scored.push([E[e][NAMED] ? 0 : 1, score, -E[e][MENTIONS], E[e][LABEL], e]);
    }
    scored.sort(function (a, b) {
      for (var k = 0; k < 4; k++) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
      return a[4] - b[4];
    });
    return scored.slice(0, MAX_MATCHES).map(function (x) { return x[4]; });
  }
  function showMatches() {
    found = search(query.value);
    matches.textContent = "";
    active = -1;
    found.forEach(function (e, k) {
      var li = el("li", null, null, matches);
      li.id = "kg-opt-" + k; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
      el("span", E[e][LABEL], null, li).dir = "auto";
      el("span", typeName(e), "kind", li);
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(e); });
    });
    matches.hidden = found.length === 0;
    query.setAttribute("aria-expanded", String(found.length > 0));
    query.removeAttribute("aria-activedescendant");
    status.textContent = query.value.trim() && !found.length ? "No entity matches" : "";
  }
  function highlight(k) {
    var items = matches.querySelectorAll("li");
    items.forEach(function (li, j) { li.setAttribute("aria-selected", String(j === k)); });
    active = k;
    if (k >= 0) { query.setAttribute("aria-activedescendant", items[k].id); items[k].scrollIntoView({block: "nearest"}); }
  }
  function choose(e) {
    matches.hidden = true;
    query.setAttribute("aria-expanded", "false");
    query.value = E[e][LABEL];
    openEntity(e, true);
  }
  query.addEventListener("input", showMatches);
  query.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" && found.length) { ev.preventDefault(); highlight(Math.min(active + 1, found.length - 1)); }
    else if (ev.key === "ArrowUp" && found.length) { ev.preventDefault(); highlight(Math.max(active - 1, 0)); }
    else if (ev.key === "Enter") { ev.preventDefault(); if (found.length) choose(found[Math.max(active, 0)]); }
    else if (ev.key === "Escape") { matches.hidden = true; query.setAttribute("aria-expanded", "false"); }
  });
  query.addEventListener("blur", function () { matches.hidden = true; query.setAttribute("aria-expanded", "false"); });

  /* ---- shareable state in the URL fragment ---- */
  function save() {
    var p = new URLSearchParams();
    if (state.entity >= 0) p.set("entity", D.iris[state.entity]);
    if (state.docsOff.size) p.set("off", Array.from(state.docsOff).sort(function (a, b) { return a - b; }).map(function (d) { return DOCS[d][0]; }).join("\n"));
    if (state.from) p.set("from", state.from);
    if (state.to) p.set("to", state.to);
    if (state.conf > 0) p.set("conf", String(state.conf));
    if (state.typesOff.size) p.set("types", Array.from(state.typesOff).sort().join("\n"));
    if (state.colour !== "type") p.set("colour", state.colour);
    if (state.concepts) p.set("concepts", "1");
    if (state.hidden.size) p.set("hidden", Array.from(state.hidden).sort(function (a, b) { return a - b; }).map(function (e) { return D.iris[e]; }).join("\n"));
    var hash = p.toString();
    try { history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search); } catch (err) { /* srcdoc frames */ }
  }
  function restore() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    var docIndex = new Map(DOCS.map(function (d, i) { return [d[0], i]; }));
    var lines = function (name) { return (p.get(name) || "").split("\n").filter(Boolean); };
    state.docsOff = new Set(lines("off").map(function (id) { return docIndex.get(id); }).filter(function (d) { return d !== undefined; }));
    docList.querySelectorAll("input").forEach(function (box) { box.checked = !state.docsOff.has(Number(box.dataset.doc)); });
    state.from = from.value = p.get("from") || "";
    state.to = to.value = p.get("to") || "";
    state.conf = Math.min(1, Math.max(0, Number(p.get("conf")) || 0));
    conf.value = String(state.conf); confValue.textContent = state.conf.toFixed(2);
    state.typesOff = new Set(lines("types"));
    document.querySelectorAll("#kg-types input").forEach(function (box) { box.checked = !state.typesOff.has(box.dataset.type); });
    state.colour = ["type", "community", "document"].indexOf(p.get("colour")) >= 0 ? p.get("colour") : "type";
    colour.value = state.colour;
    state.concepts = concepts.checked = p.get("concepts") === "1";
    state.hidden = new Set(lines("hidden").map(function (iri) { return iriIndex.get(iri); }).filter(function (e) { return e !== undefined; }));
    var e = iriIndex.get(p.get("entity") || "");
    state.entity = -1;
    refresh();
    if (e !== undefined) openEntity(e, false); else panel.hidden = true;
  }
  window.addEventListener("hashchange", restore);

  /* ---- test and notebook hooks ---- */
  window.kgData = D;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgNetwork = network;
  window.kgState = state;
  window.kgFind = function (text) { var r = search(text); return r.length ? r[0] : null; };
  window.kgOpen = function (e) { openEntity(e, false); };
  window.kgEdge = function (id) { renderEdge(id); };
  window.kgReady = false;
  window.kgSettled = true;  /* false while the network catches up with a panel just opened */

  restore();
  performance.mark("kg-restored");
  network.fit({animation: false});
  network.once("afterDrawing", function () {
    window.kgReadyMs = performance.now();  /* since navigation start */
    window.kgReady = true;
  });
  network.redraw();
})();
