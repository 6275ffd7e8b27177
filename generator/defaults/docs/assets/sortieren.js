/*
 * Praxisbörse – re-sorting case lists (topic, municipality and state pages).
 *
 * Gives every list
 *   <ol class="pb-cards" data-sortable>
 *     <li class="pb-card" data-title="…" data-date="YYYY-MM-DD" data-kommune="…">…</li>
 *   </ol>
 * a labelled select box in front of it. Without JavaScript the list keeps the
 * server's order (by title).
 */
(function () {
  "use strict";

  var OPTIONS = [
    { value: "titel", label: "Titel A–Z" },
    { value: "geprueft", label: "Zuletzt geprüft" },
    { value: "kommune", label: "Kommune A–Z" }
  ];
  var ANNOUNCE = {
    titel: "Liste nach Titel sortiert",
    geprueft: "Liste nach Prüfdatum sortiert, zuletzt geprüfte zuerst",
    kommune: "Liste nach Kommune sortiert"
  };
  var counter = 0;

  function compareText(a, b) {
    return (a || "").localeCompare(b || "", "de", { sensitivity: "base", numeric: true });
  }

  function key(item, name) {
    return item.getAttribute("data-" + name) || "";
  }

  var comparators = {
    titel: function (a, b) {
      return compareText(key(a, "title"), key(b, "title"));
    },
    geprueft: function (a, b) {
      var da = key(a, "date");
      var db = key(b, "date");
      if (da !== db) {
        if (!da) return 1;           /* undated last */
        if (!db) return -1;
        return da < db ? 1 : -1;     /* ISO dates: newest first */
      }
      return compareText(key(a, "title"), key(b, "title"));
    },
    kommune: function (a, b) {
      return compareText(key(a, "kommune"), key(b, "kommune")) ||
        compareText(key(a, "title"), key(b, "title"));
    }
  };

  function enhance(list) {
    if (list.getAttribute("data-pb-sorter") === "1") return;
    var items = Array.prototype.filter.call(list.children, function (c) { return c.tagName === "LI"; });
    if (items.length < 2) return;
    list.setAttribute("data-pb-sorter", "1");

    /* Remember the server order: ties keep it. */
    items.forEach(function (item, i) { item.setAttribute("data-pb-order", String(i)); });

    var id = "pb-sort-" + (++counter);
    var select = document.createElement("select");
    select.id = id;
    select.className = "pb-sort__select";
    OPTIONS.forEach(function (o) {
      var option = document.createElement("option");
      option.value = o.value;
      option.textContent = o.label;
      select.appendChild(option);
    });
    var label = document.createElement("label");
    label.htmlFor = id;
    label.className = "pb-sort__label";
    label.textContent = "Sortieren nach";
    var status = document.createElement("span");
    status.className = "pb-sr-only";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    var wrapper = document.createElement("div");
    wrapper.className = "pb-sort";
    wrapper.appendChild(label);
    wrapper.appendChild(select);
    wrapper.appendChild(status);
    list.parentNode.insertBefore(wrapper, list);

    select.addEventListener("change", function () {
      var how = select.value;
      var compare = comparators[how] || comparators.titel;
      var current = Array.prototype.filter.call(list.children, function (c) { return c.tagName === "LI"; });
      current.sort(function (a, b) {
        return compare(a, b) || Number(key(a, "pb-order")) - Number(key(b, "pb-order"));
      });
      var fragment = document.createDocumentFragment();
      current.forEach(function (item) { fragment.appendChild(item); });
      list.appendChild(fragment);
      status.textContent = ANNOUNCE[how] || "";
    });
  }

  function boot() {
    var lists = document.querySelectorAll("ol.pb-cards[data-sortable]");
    Array.prototype.forEach.call(lists, enhance);
  }

  /* Run once the DOM is there, and again for every page that Material's instant
     navigation swaps in (document$ emits then). boot() is idempotent. */
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { boot(); });
  }
})();
