"""The report's script: selection, highlighting, the replica toggle and the flow stepper.

Plain ES5, no libraries, no network. It reads the page's JSON island (``#rt-data``) and only
ever sets ``textContent`` and classes, so no model text is parsed as HTML.
"""

SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("rt-data").textContent);
  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function one(sel, root) { return (root || document).querySelector(sel); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function attr(name, value) { return "[" + name + '="' + String(value).replace(/["\\]/g, "\\$&") + '"]'; }
  var views = one(".views");
  var panel = one("#panel");
  var source = one("#source");

  function clear() {
    all(".hl").forEach(function (e) { e.classList.remove("hl"); });
    all(".fan").forEach(function (e) { e.classList.remove("fan"); });
    if (views) { views.classList.remove("focus"); }
  }
  function mark(component, link) {
    var hit = false;
    if (component) {
      all(attr("data-c", component)).forEach(function (e) { e.classList.add("hl"); hit = true; });
    }
    if (link) {
      var reverse = link.split(">").reverse().join(">");
      all(attr("data-l", link) + "," + attr("data-l", reverse)).forEach(function (e) {
        e.classList.add("hl"); hit = true;
      });
    }
    if (hit && views) { views.classList.add("focus"); }
    return hit;
  }
  function showLines(first, last, scroll) {
    all("#source .ln.hl").forEach(function (e) { e.classList.remove("hl"); });
    var target = null;
    for (var n = first; n <= last; n++) {
      var line = document.getElementById("L" + n);
      if (line) { line.classList.add("hl"); target = target || line; }
    }
    if (target && scroll !== false && source) {
      source.scrollTop = Math.max(0, target.offsetTop - source.offsetTop - source.clientHeight / 3);
    }
  }
  function row(table, cells, classes) {
    var tr = el("tr");
    cells.forEach(function (text, i) { tr.appendChild(el("td", classes && classes[i], text)); });
    table.appendChild(tr);
  }
  function selectComponent(id) {
    var c = data.components[id];
    if (!c) { return; }
    clear();
    mark(id);
    panel.textContent = "";
    panel.appendChild(el("h3", null, c.name));
    panel.appendChild(el("div", "sub", c.kind + (c.technology ? " · " + c.technology : "") + " · id " + id));
    var table = el("table");
    var head = el("tr");
    ["setting", "value", "from"].forEach(function (h) { head.appendChild(el("th", null, h)); });
    table.appendChild(head);
    c.values.forEach(function (v) {
      var from = v.source === "default" ? "assumed: " + v.note : v.note + (v.line ? " (line " + v.line + ")" : "");
      row(table, [v.name, v.value, from], [null, "num", v.source === "default" ? "src-assumed" : "src-model"]);
    });
    panel.appendChild(el("h4", null, "Effective values"));
    panel.appendChild(table);
    panel.appendChild(el("h4", null, "Findings (" + c.findings.length + ")"));
    var list = el("ul", "findings");
    c.findings.forEach(function (index) {
      var f = data.findings[index];
      var li = el("li", "finding " + f.severity, f.code + " " + f.message);
      li.addEventListener("click", function () { selectFinding(index); });
      list.appendChild(li);
    });
    panel.appendChild(list);
    if (c.figures.length) {
      panel.appendChild(el("h4", null, "Capacity"));
      var figures = el("ul");
      c.figures.forEach(function (text) { figures.appendChild(el("li", null, text)); });
      panel.appendChild(figures);
    }
    panel.appendChild(el("h4", null, "YAML, lines " + c.lines[0] + "–" + c.lines[1]));
    var pre = el("pre", "formula");
    for (var n = c.lines[0]; n <= c.lines[1]; n++) {
      var line = document.getElementById("L" + n);
      pre.appendChild(document.createTextNode((line ? line.textContent : "") + "\n"));
    }
    panel.appendChild(pre);
    showLines(c.lines[0], c.lines[1]);
    panel.setAttribute("data-selected", id);
  }
  function selectFinding(index) {
    var f = data.findings[index];
    clear();
    mark(f.component, f.link);
    var item = one("#finding-" + index);
    if (item) { item.classList.add("hl"); }
    panel.textContent = "";
    panel.appendChild(el("h3", "sev-" + f.severity, f.code + " " + f.severity));
    panel.appendChild(el("p", null, f.message));
    if (f.hint) { panel.appendChild(el("p", "hint", "Fix: " + f.hint)); }
    panel.appendChild(el("p", "sub", "line " + f.line + (f.component ? " · component " + f.component : "")));
    if (f.component && data.components[f.component]) {
      var b = el("button", null, "Show " + f.component);
      b.addEventListener("click", function () { selectComponent(f.component); });
      panel.appendChild(b);
    }
    showLines(f.line, f.end || f.line);
    panel.setAttribute("data-selected", f.code);
  }

  all("svg [data-c]").forEach(function (node) {
    node.addEventListener("click", function (event) {
      event.stopPropagation();
      selectComponent(node.getAttribute("data-c"));
    });
  });
  all("li.finding[data-f]").forEach(function (li) {
    li.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("details")) { return; }
      selectFinding(Number(li.getAttribute("data-f")));
    });
  });
  all("[data-goto-c]").forEach(function (e) {
    e.addEventListener("click", function () { selectComponent(e.getAttribute("data-goto-c")); });
  });

  // Logical / expanded replicas
  all("button[data-view]").forEach(function (button) {
    button.addEventListener("click", function () {
      all("button[data-view]").forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
      all(".views > .view").forEach(function (v) {
        v.classList.toggle("on", v.classList.contains(button.getAttribute("data-view")));
      });
    });
  });

  // Flow stepper
  var flowSelect = one("#flow"), caption = one("#step"), state = { flow: 0, step: -1, timer: null };
  function showStep() {
    var flow = data.flows[state.flow];
    clear();
    if (!flow || state.step < 0) { caption.textContent = flow ? "Flow " + flow.name + ": press Next" : ""; return; }
    var s = flow.steps[state.step];
    mark(s[0]); mark(s[1]); mark(null, s[0] + ">" + s[1]);
    var target = data.components[s[1]], from = data.components[s[0]];
    if (target && target.kind === "gateway" && from && from.kind === "pubsub") {
      all(attr("data-c", s[1])).forEach(function (e) { e.classList.add("fan"); });
    }
    caption.textContent = "";
    caption.appendChild(el("b", null, "Step " + (state.step + 1) + "/" + flow.steps.length + ": "));
    caption.appendChild(document.createTextNode(s[0] + " → " + s[1] + (s[3] ? " (reply)" : "") + (s[2] ? ": " + s[2] : "")));
  }
  function move(delta) {
    var flow = data.flows[state.flow];
    if (!flow) { return; }
    state.step = Math.max(0, Math.min(flow.steps.length - 1, state.step + delta));
    showStep();
  }
  if (flowSelect) {
    flowSelect.addEventListener("change", function () { state.flow = Number(flowSelect.value); state.step = -1; showStep(); });
    one("#prev").addEventListener("click", function () { move(-1); });
    one("#next").addEventListener("click", function () { move(1); });
    one("#play").addEventListener("click", function () {
      if (state.timer) { clearInterval(state.timer); state.timer = null; return; }
      state.step = -1;
      state.timer = setInterval(function () {
        var flow = data.flows[state.flow];
        if (!flow || state.step >= flow.steps.length - 1) { clearInterval(state.timer); state.timer = null; return; }
        move(1);
      }, 1200);
      move(1);
    });
    document.addEventListener("keydown", function (event) {
      if (event.target && /INPUT|SELECT|TEXTAREA/.test(event.target.tagName)) { return; }
      if (event.key === "ArrowRight") { move(1); } else if (event.key === "ArrowLeft") { move(-1); }
    });
    showStep();
  }
  window.rtReport = { selectComponent: selectComponent, selectFinding: selectFinding, move: move };
})();
"""
