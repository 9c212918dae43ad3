/* plankg network page: reads the view from #plankg-data, draws it with vis-network,
 * builds tooltips and the legend as DOM text (never innerHTML), and offers search and filters.
 * window.plankg exposes the network and its data sets for tests and for the curious. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("plankg-data").textContent);
  var strings = data.strings;
  var SVG = "http://www.w3.org/2000/svg";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function tooltip(tip) {
    var box = element("div", "plankg-tip");
    box.appendChild(element("div", "plankg-tip-heading", tip.heading));
    if (tip.text) box.appendChild(element("div", "plankg-tip-text", tip.text));
    if (tip.rows && tip.rows.length) {
      var table = element("table");
      tip.rows.forEach(function (row) {
        var tr = element("tr");
        tr.appendChild(element("th", null, row[0]));
        tr.appendChild(element("td", null, row[1]));
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    return box;
  }

  // -- data ---------------------------------------------------------------------------------------
  var baseColour = {};
  function prepare(view) {
    view.nodes.forEach(function (node) {
      if (!node.prepared) {
        node.title = tooltip(node.tip);
        node.search = node.search || "";
        node.prepared = true;
      }
      baseColour[node.id] = node.color;
    });
    view.edges.forEach(function (edge, index) {
      edge.id = index;
      if (typeof edge.title === "string") edge.title = element("div", "plankg-tip", edge.title);
    });
  }
  prepare(data);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);

  // -- header, legend -----------------------------------------------------------------------------
  var search = document.getElementById("plankg-search");
  var only = document.getElementById("plankg-only");
  var count = document.getElementById("plankg-count");
  search.placeholder = strings.search;
  document.querySelector("#plankg-only-label span").textContent = strings.only_matches;
  document.querySelector("#plankg-legend summary").textContent = strings.legend;
  document.querySelector("#plankg-progress span").textContent = strings.settling;

  function summary() {
    return data.nodes.length + " " + strings.nodes + " · " + data.edges.length + " " + strings.edges;
  }
  count.textContent = summary();

  function swatch(entry) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "34");
    svg.setAttribute("height", "14");
    var shape;
    if (entry.type === "edge") {
      shape = document.createElementNS(SVG, "line");
      shape.setAttribute("x1", "1"); shape.setAttribute("y1", "7");
      shape.setAttribute("x2", entry.arrow ? "27" : "33"); shape.setAttribute("y2", "7");
      shape.setAttribute("stroke", entry.color);
      shape.setAttribute("stroke-width", String(Math.max(1.2, entry.width)));
      if (entry.dashes) shape.setAttribute("stroke-dasharray", entry.dashes.join(" "));
      svg.appendChild(shape);
      if (entry.arrow) {
        var head = document.createElementNS(SVG, "polygon");
        head.setAttribute("points", "26,2 34,7 26,12");
        head.setAttribute("fill", entry.color);
        svg.appendChild(head);
      }
      return svg;
    }
    var points = {
      diamond: "17,1 23,7 17,13 11,7",
      triangle: "17,1 24,13 10,13",
      hexagon: "13,1 21,1 25,7 21,13 13,13 9,7",
      star: "17,0 19,5 24,5 20,8 22,13 17,10 12,13 14,8 10,5 15,5"
    }[entry.shape];
    if (points) {
      shape = document.createElementNS(SVG, "polygon");
      shape.setAttribute("points", points);
    } else if (entry.shape === "square" || entry.shape === "box") {
      shape = document.createElementNS(SVG, "rect");
      shape.setAttribute("x", entry.shape === "box" ? "8" : "11"); shape.setAttribute("y", "2");
      shape.setAttribute("width", entry.shape === "box" ? "18" : "11"); shape.setAttribute("height", "10");
    } else {
      shape = document.createElementNS(SVG, "circle");
      shape.setAttribute("cx", "17"); shape.setAttribute("cy", "7"); shape.setAttribute("r", "6");
    }
    shape.setAttribute("fill", entry.color);
    shape.setAttribute("stroke", "#1b2631");
    shape.setAttribute("stroke-width", "0.8");
    svg.appendChild(shape);
    return svg;
  }

  var hiddenRelations = {};
  var legendList = document.querySelector("#plankg-legend ul");
  data.legend.forEach(function (entry) {
    var item = element("li", entry.type === "note" ? "note" : entry.type);
    if (entry.type === "note") {
      item.textContent = entry.label;
    } else if (entry.type === "edge") {
      var label = element("label");
      var box = element("input");
      box.type = "checkbox";
      box.checked = true;
      box.dataset.relation = entry.relation;
      box.addEventListener("change", function () {
        hiddenRelations[entry.relation] = !box.checked;
        applyEdgeFilter();
      });
      label.appendChild(box);
      label.appendChild(swatch(entry));
      label.appendChild(element("span", null, entry.label));
      item.appendChild(label);
    } else {
      item.appendChild(swatch(entry));
      var name = element("span", null, entry.label);
      if (entry.full) name.title = entry.full;
      item.appendChild(name);
    }
    legendList.appendChild(item);
  });

  // -- network ------------------------------------------------------------------------------------
  var container = document.getElementById("plankg-network");
  var started = performance.now();
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var state = { network: network, nodes: nodes, edges: edges, data: data, stabilized: false, stabilizedMs: null, iterations: 0 };
  window.plankg = state;

  var progress = document.getElementById("plankg-progress");
  var bar = document.getElementById("plankg-progress-bar");
  network.on("stabilizationProgress", function (params) {
    bar.style.width = Math.round((100 * params.iterations) / params.total) + "%";
    state.iterations = params.iterations;
  });
  network.once("stabilizationIterationsDone", function () {
    state.stabilizedMs = performance.now() - started;
    state.stabilized = true;
    progress.className = "done";
    // freeze the settled layout: nothing drifts while reading; dragging still moves a node
    network.setOptions({ physics: { enabled: false } });
    document.body.setAttribute("data-stable", "true");
  });

  // -- search and filters -------------------------------------------------------------------------
  function normalise(text) {
    return text
      .replace(/[\uFF01-\uFF5E]/g, function (ch) { return String.fromCharCode(ch.charCodeAt(0) - 0xFEE0); })
      .replace(/\s+/g, "")
      .toLowerCase();
  }

  function dimmed(colour) {
    return { background: "#eef0f1", border: "#d5d8dc", highlight: colour.highlight || colour };
  }

  function applyEdgeFilter() {
    var visible = {};
    nodes.get({ fields: ["id", "hidden"] }).forEach(function (node) { visible[node.id] = !node.hidden; });
    edges.update(data.edges.map(function (edge) {
      return { id: edge.id, hidden: !!hiddenRelations[edge.relation] || !visible[edge.from] || !visible[edge.to] };
    }));
  }

  function applySearch() {
    var query = normalise(search.value);
    var matched = {};
    var matchedIds = [];
    if (query) {
      data.nodes.forEach(function (node) {
        if (node.search.indexOf(query) >= 0 || String(node.label).toLowerCase().indexOf(query) >= 0) {
          matched[node.id] = true;
          matchedIds.push(node.id);
        }
      });
    }
    var keep = {};
    if (query && only.checked) {
      matchedIds.forEach(function (id) {
        keep[id] = true;
        network.getConnectedNodes(id).forEach(function (other) { keep[other] = true; });
      });
    }
    nodes.update(data.nodes.map(function (node) {
      if (!query) return { id: node.id, hidden: false, color: baseColour[node.id] };
      return {
        id: node.id,
        hidden: only.checked ? !keep[node.id] : false,
        color: matched[node.id] || (only.checked && keep[node.id]) ? baseColour[node.id] : dimmed(baseColour[node.id])
      };
    }));
    applyEdgeFilter();
    if (query) {
      count.textContent = matchedIds.length + " " + strings.matches + " · " + summary();
      network.selectNodes(matchedIds, false);
      if (matchedIds.length && matchedIds.length <= 30) network.fit({ nodes: matchedIds, animation: false, maxZoomLevel: 1.2 });
    } else {
      count.textContent = summary();
      network.unselectAll();
    }
  }

  search.addEventListener("input", applySearch);
  only.addEventListener("change", applySearch);

  // -- drill-down: an aggregated view carries each plan's own view, rebuilt here on a double click --
  var back = document.getElementById("plankg-back");
  back.textContent = strings.back;
  var overview = { nodes: data.nodes, edges: data.edges };
  var drawn = {};

  function expand(index) {
    if (drawn[index]) return drawn[index];
    var compact = data.drill[index];
    var view = {
      nodes: compact.nodes.map(function (node) {
        var full = Object.assign({}, data.styles[node.s], node);
        delete full.s;
        return full;
      }),
      edges: compact.edges.map(function (edge) {
        return Object.assign({}, data.edgeStyles[edge[2]], { from: edge[0], to: edge[1] });
      })
    };
    drawn[index] = view;
    return view;
  }

  function show(view, drilled) {
    search.value = "";
    baseColour = {};
    prepare(view);
    data.nodes = view.nodes;
    data.edges = view.edges;
    nodes.clear();
    edges.clear();
    nodes.add(view.nodes);
    edges.add(view.edges);
    back.hidden = !drilled;
    state.drilled = drilled ? view : null;
    count.textContent = summary();
    network.fit({ animation: false });
  }

  if (data.drill) {
    network.on("doubleClick", function (params) {
      if (!params.nodes.length) return;
      var node = nodes.get(params.nodes[0]);
      if (node && node.drill !== undefined) show(expand(node.drill), true);
    });
    back.addEventListener("click", function () { show(overview, false); });
    state.drill = function (index) { show(expand(index), true); };
    state.overview = function () { show(overview, false); };
  }
})();
