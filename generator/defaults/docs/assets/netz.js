// /nachnutzung/: filter the re-use network by topic. Without JavaScript everything is shown.
// The drawing's trees are stacked again after hiding (see generator/svgtree.py), the ranking rows and
// the list's top-level entries are hidden by their data-groups; ?thema=<slug> keeps the choice in the URL.
(function () {
  "use strict";
  var form = document.getElementById("pb-netz-filter");
  var select = document.getElementById("pb-netz-thema");
  var status = document.getElementById("pb-netz-status");
  var svg = document.querySelector("svg.pb-netz");
  if (!form || !select) return;
  form.hidden = false;

  function matches(element, topic) {
    return !topic || (element.getAttribute("data-groups") || "").split(" ").indexOf(topic) >= 0;
  }

  function restack(topic) {
    if (!svg) return;
    var pad = Number(svg.getAttribute("data-pad")) || 0;
    var gap = Number(svg.getAttribute("data-gap")) || 0;
    var y = pad;
    svg.querySelectorAll("g.pb-netz__tree").forEach(function (tree) {
      var show = matches(tree, topic);
      tree.style.display = show ? "" : "none";
      if (show) {
        tree.setAttribute("transform", "translate(0 " + y + ")");
        y += (Number(tree.getAttribute("data-height")) || 0) + gap;
      }
    });
    var box = svg.viewBox.baseVal;
    svg.setAttribute("viewBox", "0 0 " + box.width + " " + Math.max(y - gap + pad, 2 * pad));
  }

  function apply(topic) {
    var shown = 0;
    document.querySelectorAll(".pb-ranking tbody tr, .pb-netz-list > ul > li").forEach(function (element) {
      var show = matches(element, topic);
      element.hidden = !show;
      if (show && element.tagName === "TR") shown += 1;
    });
    restack(topic);
    status.textContent = topic ? shown + (shown === 1 ? " Lösung" : " Lösungen") + " zu diesem Thema" : "";
  }

  var initial = new URLSearchParams(window.location.search).get("thema") || "";
  if (initial && select.querySelector('option[value="' + CSS.escape(initial) + '"]')) select.value = initial;
  select.addEventListener("change", function () {
    var url = new URL(window.location.href);
    if (select.value) url.searchParams.set("thema", select.value); else url.searchParams.delete("thema");
    window.history.replaceState(null, "", url);
    apply(select.value);
  });
  apply(select.value);
})();
