/*
 * Praxisbörse – search (page /suche/).
 *
 * Builds on the element #pb-search that the search page provides:
 *   <div id="pb-search" data-bundle="../pagefind/">
 *     <form role="search" class="pb-search__form"> … <input id="pb-q" name="q"> … </form>
 *     <script type="application/json" id="pb-facets">{ "thema": {"label": …, "values": {…}}, … }</script>
 *   </div>
 *
 * Without #pb-search the script does nothing, so it may be loaded on every page.
 * The state lives in the URL: ?q=…&thema=a&thema=b&land=BW&sort=geprueft
 * No dependencies, no requests to other hosts, no build step.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 20;
  var DEBOUNCE_MS = 250;
  var OPEN_FACETS_WIDE = 3;
  var WIDE_QUERY = "(min-width: 60em)";
  var SORTS = [
    { value: "", label: "Relevanz" },
    { value: "geprueft", label: "Zuletzt geprüft" },
    { value: "begonnen", label: "Beginn, neueste zuerst" }
  ];
  var TEXT = {
    loading: "Die Suche wird geladen …",
    hint: "Geben Sie einen Suchbegriff ein oder wählen Sie einen Filter aus.",
    none: "Keine Fälle gefunden",
    noneHint: "Versuchen Sie einen anderen Suchbegriff oder entfernen Sie Filter.",
    one: "1 Fall gefunden",
    many: function (n) { return n.toLocaleString("de-DE") + " Fälle gefunden"; },
    shown: function (a, n) {
      return a.toLocaleString("de-DE") + " von " + n.toLocaleString("de-DE") + " angezeigt";
    },
    selected: function (n) { return n + " ausgewählt"; },
    more: "Weitere Ergebnisse laden",
    reset: "Filter zurücksetzen",
    sort: "Sortieren nach",
    filters: "Filter",
    results: "Ergebnisse",
    fileProtocol: "Die Suche funktioniert nur, wenn die Website über einen Webserver aufgerufen wird, " +
      "nicht als Datei. Alle Fälle finden Sie auch über die Themen-, Kommunen- und Länderseiten.",
    loadError: "Die Suche konnte nicht geladen werden. Alle Fälle finden Sie auch über die " +
      "Themen-, Kommunen- und Länderseiten.",
    searchError: "Bei der Suche ist ein Fehler aufgetreten. Bitte laden Sie die Seite neu.",
    configError: "Die Suche ist falsch eingerichtet (Filterliste fehlt oder ist fehlerhaft)."
  };

  /* ------------------------------------------------------------------ helpers */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "text") node.textContent = value;
        else if (key === "className") node.className = value;
        else if (value === true) node.setAttribute(key, "");
        else node.setAttribute(key, String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* Pagefind's excerpt: text with <mark> … </mark> around hits. Everything but these
     two tags is neutralised (< and > escaped); entities stay harmless text. */
  function safeExcerpt(excerpt) {
    return String(excerpt || "")
      .split(/(<\/?mark>)/g)
      .map(function (part, i) {
        return i % 2 === 1 ? part : part.replace(/</g, "&lt;").replace(/>/g, "&gt;");
      })
      .join("");
  }

  function safeHref(url) {
    try {
      var u = new URL(url, document.baseURI);
      if (u.protocol === "http:" || u.protocol === "https:") return u.href;
    } catch (e) { /* fall through */ }
    return "#";
  }

  function warn(message, error) {
    if (window.console && console.warn) console.warn("Praxisbörse-Suche: " + message, error || "");
  }

  /* --------------------------------------------------------------- the widget */

  function SearchUI(root) {
    this.root = root;
    this.form = root.querySelector("form");
    this.input = root.querySelector("#pb-q") || root.querySelector('input[name="q"]');
    this.pagefind = null;
    this.facets = [];          // [{key, label, values: [{value, label}], details, boxes: {value: input}}]
    this.facetByKey = {};
    this.totals = {};          // counts over the whole index: {key: {value: n}}
    this.state = { q: "", filters: {}, sort: "" };
    this.seq = 0;              // guards against out-of-order search results
    this.timer = null;
    this.results = [];         // Pagefind result handles of the current search
    this.shown = 0;
    this.ready = false;
    this.path = location.pathname;
  }

  SearchUI.prototype.start = function () {
    var self = this;
    var root = this.root;
    root.classList.add("pb-search--js");
    this.buildSkeleton();
    this.setStatus(TEXT.loading, true);

    var config;
    try {
      config = this.readFacetConfig();
    } catch (e) {
      warn("facet configuration", e);
      return Promise.resolve(this.fail(TEXT.configError));
    }
    this.config = config;
    this.readURL();
    this.input.value = this.state.q;
    this.sortSelect.value = this.state.sort;
    /* Enter never reloads the page; before the index is ready the query simply
       waits (what was typed by then is searched as soon as it is). */
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (self.ready) self.changed(true);
    });

    if (location.protocol === "file:") {
      return Promise.resolve(this.fail(TEXT.fileProtocol));
    }

    var bundle;
    try {
      bundle = new URL(root.getAttribute("data-bundle") || "/pagefind/", document.baseURI).href;
      if (bundle.slice(-1) !== "/") bundle += "/";
    } catch (e) {
      return Promise.resolve(this.fail(TEXT.configError));
    }

    return import(bundle + "pagefind.js")
      .then(function (pagefind) {
        self.pagefind = pagefind;
        return Promise.resolve(pagefind.options({ excerptLength: 30 }))
          .then(function () { return pagefind.init(); })
          .then(function () { return pagefind.filters(); });
      })
      .then(function (totals) {
        self.totals = totals || {};
        self.buildFacets();
        self.state.q = self.input.value;      /* keep anything typed while loading */
        self.state.sort = self.sortSelect.value;
        self.applyStateToControls();
        self.writeURL();
        self.bindEvents();
        self.ready = true;
        root.classList.add("pb-search--ready");
        return self.search();
      })
      .catch(function (e) {
        warn("could not load Pagefind", e);
        self.fail(TEXT.loadError);
      });
  };

  /* The facet list: <script type="application/json" id="pb-facets"> as the page
     ships it. Also accepted: <template id="pb-facets"> (HTML-escaped JSON), or a
     data-facets attribute on #pb-search. Material's instant navigation re-inserts
     inline scripts without their type and id, so as a last resort any inline
     script inside #pb-search whose text is a JSON object is taken. */
  SearchUI.prototype.readFacetConfig = function () {
    var root = this.root;
    var text = null;
    var node = document.getElementById("pb-facets");
    if (node) {
      text = node.tagName === "TEMPLATE" && node.content ? node.content.textContent : node.textContent;
    } else if (root.hasAttribute("data-facets")) {
      text = root.getAttribute("data-facets");
    } else {
      var scripts = root.querySelectorAll("script:not([src])");
      for (var i = 0; i < scripts.length && text === null; i++) {
        var candidate = scripts[i].textContent.trim();
        if (candidate.charAt(0) === "{") {
          try { JSON.parse(candidate); text = candidate; } catch (e) { /* not ours */ }
        }
      }
    }
    if (text === null) throw new Error("#pb-facets missing");
    var data = JSON.parse(text);
    if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("#pb-facets is not an object");
    return Object.keys(data).map(function (key) {
      var entry = data[key] || {};
      var values = entry.values || {};
      return {
        key: key,
        label: String(entry.label || key),
        values: Object.keys(values).map(function (v) { return { value: v, label: String(values[v]) }; })
      };
    });
  };

  /* Static parts: layout, facet column, toolbar, status, results. */
  SearchUI.prototype.buildSkeleton = function () {
    var root = this.root;
    var old = root.querySelector(".pb-search__layout");
    if (old) old.remove();

    this.resetButton = el("button", { type: "button", id: "pb-reset", className: "pb-search__reset", text: TEXT.reset });
    this.facetBox = el("div", { className: "pb-search__facetlist", id: "pb-facetlist" });
    var facetsHeading = el("h2", { id: "pb-facets-heading", className: "pb-search__heading", text: TEXT.filters });
    this.facetPanel = el("section", { className: "pb-search__facets", "aria-labelledby": "pb-facets-heading" }, [
      el("div", { className: "pb-search__facetshead" }, [facetsHeading, this.resetButton]),
      this.facetBox
    ]);

    this.sortSelect = el("select", { id: "pb-sort", name: "sort" },
      SORTS.map(function (s) { return el("option", { value: s.value, text: s.label }); }));
    var toolbar = el("div", { className: "pb-search__toolbar" }, [
      el("label", { "for": "pb-sort", text: TEXT.sort }),
      this.sortSelect
    ]);

    this.status = el("p", { id: "pb-status", className: "pb-search__status", role: "status", "aria-live": "polite" });
    this.hint = el("p", { id: "pb-hint", className: "pb-search__hint" });
    this.list = el("ol", { id: "pb-results", className: "pb-results", "aria-labelledby": "pb-results-heading" });
    this.shownInfo = el("p", { id: "pb-shown", className: "pb-search__shown" });
    this.moreButton = el("button", { type: "button", id: "pb-more", className: "pb-search__more", text: TEXT.more });
    this.moreButton.hidden = true;

    this.main = el("section", { className: "pb-search__main", "aria-labelledby": "pb-results-heading" }, [
      el("h2", { id: "pb-results-heading", className: "pb-search__heading pb-sr-only", text: TEXT.results }),
      toolbar,
      this.status,
      this.hint,
      this.list,
      this.shownInfo,
      this.moreButton
    ]);

    this.layout = el("div", { className: "pb-search__layout" }, [this.facetPanel, this.main]);
    root.appendChild(this.layout);
  };

  SearchUI.prototype.fail = function (message) {
    this.ready = false;
    this.root.classList.add("pb-search--error");
    this.facetPanel.hidden = true;
    this.list.textContent = "";
    this.hint.textContent = "";
    this.shownInfo.textContent = "";
    this.moreButton.hidden = true;
    this.sortSelect.disabled = true;
    this.setStatus(message, false);
  };

  SearchUI.prototype.setStatus = function (text, busy) {
    if (this.status.textContent !== text) this.status.textContent = text;
    this.list.setAttribute("aria-busy", busy ? "true" : "false");
  };

  /* Facets: every configured value that exists in the index (plus values that are
     in the index but not configured, and values that are in the URL). */
  SearchUI.prototype.buildFacets = function () {
    var self = this;
    var wide = window.matchMedia ? window.matchMedia(WIDE_QUERY).matches : true;
    this.facetBox.textContent = "";
    this.facets = [];
    this.facetByKey = {};

    this.config.forEach(function (conf, index) {
      var totals = self.totals[conf.key] || {};
      var selected = self.state.filters[conf.key] || [];
      var seen = {};
      var values = [];
      conf.values.forEach(function (v) { seen[v.value] = true; values.push(v); });
      Object.keys(totals).forEach(function (v) {
        if (!seen[v]) { seen[v] = true; values.push({ value: v, label: v }); }
      });
      selected.forEach(function (v) {
        if (!seen[v]) { seen[v] = true; values.push({ value: v, label: v }); }
      });
      var present = values.filter(function (v) { return totals[v.value] > 0 || selected.indexOf(v.value) >= 0; });

      var facet = { key: conf.key, label: conf.label, values: values, boxes: {}, rows: {}, counts: {} };
      var labelId = "pb-facet-" + index + "-label";
      var summaryExtra = el("span", { className: "pb-facet__selected" });
      var summary = el("summary", { className: "pb-facet__summary" }, [
        el("span", { className: "pb-facet__label", id: labelId, text: conf.label }),
        summaryExtra
      ]);
      var group = el("div", { className: "pb-facet__values" });
      values.forEach(function (v, i) {
        var id = "pb-f-" + index + "-" + i;
        var box = el("input", { type: "checkbox", id: id, name: conf.key, value: v.value });
        var count = el("span", { className: "pb-facet__count" });
        var label = el("label", { "for": id }, [el("span", { className: "pb-facet__name", text: v.label }), " ", count]);
        var row = el("div", { className: "pb-facet__value" }, [box, label]);
        facet.boxes[v.value] = box;
        facet.rows[v.value] = { row: row, count: count, total: totals[v.value] || 0 };
        group.appendChild(row);
      });
      var fieldset = el("fieldset", { className: "pb-facet__fieldset" }, [
        el("legend", { className: "pb-sr-only", text: conf.label }),
        group
      ]);
      var details = el("details", { className: "pb-facet", "data-facet": conf.key }, [summary, fieldset]);
      details.open = (wide && index < OPEN_FACETS_WIDE) || selected.length > 0;
      facet.details = details;
      facet.summaryExtra = summaryExtra;
      if (present.length === 0) details.hidden = true;
      self.facets.push(facet);
      self.facetByKey[conf.key] = facet;
      self.facetBox.appendChild(details);
    });
  };

  /* ------------------------------------------------------------------- state */

  SearchUI.prototype.readURL = function () {
    var params = new URLSearchParams(location.search);
    var filters = {};
    this.config.forEach(function (conf) {
      var seen = {};
      /* ?thema=a&thema=b, and also ?thema=a,b (slugs contain no commas) */
      var values = [];
      params.getAll(conf.key).forEach(function (raw) {
        raw.split(",").forEach(function (v) {
          v = v.trim();
          if (v && !seen[v]) { seen[v] = true; values.push(v); }
        });
      });
      if (values.length) filters[conf.key] = values;
    });
    var sort = params.get("sort") || "";
    if (!SORTS.some(function (s) { return s.value === sort; })) sort = "";
    this.state = { q: params.get("q") || "", filters: filters, sort: sort };
  };

  SearchUI.prototype.writeURL = function () {
    var params = new URLSearchParams();
    var q = this.state.q.trim();
    if (q) params.set("q", q);
    var filters = this.state.filters;
    this.facets.forEach(function (facet) {
      var chosen = filters[facet.key] || [];
      facet.values.forEach(function (v) {
        if (chosen.indexOf(v.value) >= 0) params.append(facet.key, v.value);
      });
    });
    if (this.state.sort) params.set("sort", this.state.sort);
    var query = params.toString();
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      try {
        history.replaceState(history.state, "", url);
      } catch (e) { warn("history.replaceState failed", e); }
    }
  };

  SearchUI.prototype.readControls = function () {
    var filters = {};
    this.facets.forEach(function (facet) {
      var chosen = facet.values
        .filter(function (v) { return facet.boxes[v.value].checked; })
        .map(function (v) { return v.value; });
      if (chosen.length) filters[facet.key] = chosen;
    });
    this.state = { q: this.input.value, filters: filters, sort: this.sortSelect.value };
  };

  SearchUI.prototype.applyStateToControls = function () {
    var filters = this.state.filters;
    this.input.value = this.state.q;
    this.sortSelect.value = this.state.sort;
    this.facets.forEach(function (facet) {
      var chosen = filters[facet.key] || [];
      facet.values.forEach(function (v) {
        facet.boxes[v.value].checked = chosen.indexOf(v.value) >= 0;
      });
      if (chosen.length) facet.details.open = true;
    });
  };

  /* ------------------------------------------------------------------ events */

  SearchUI.prototype.bindEvents = function () {
    var self = this;
    this.input.addEventListener("input", function () { self.changed(false); });
    this.sortSelect.addEventListener("change", function () { self.changed(true); });
    this.facetBox.addEventListener("change", function (event) {
      if (event.target && event.target.type === "checkbox") self.changed(true);
    });
    this.resetButton.addEventListener("click", function () {
      self.facets.forEach(function (facet) {
        Object.keys(facet.boxes).forEach(function (v) { facet.boxes[v].checked = false; });
      });
      self.changed(true);
    });
    this.moreButton.addEventListener("click", function () { self.showMore(); });
  };

  SearchUI.prototype.changed = function (immediately) {
    var self = this;
    this.readControls();
    this.writeURL();
    clearTimeout(this.timer);
    if (immediately) {
      this.search();
    } else {
      this.timer = setTimeout(function () { self.search(); }, DEBOUNCE_MS);
    }
  };

  /* Back/forward within this page, or a URL change from elsewhere. */
  SearchUI.prototype.restoreFromURL = function () {
    if (!this.ready) return;
    clearTimeout(this.timer);
    this.readURL();
    this.applyStateToControls();
    this.search();
  };

  /* ------------------------------------------------------------------ search */

  function filtersFor(stateFilters, without) {
    var out = {};
    Object.keys(stateFilters).forEach(function (key) {
      if (key === without) return;
      if (stateFilters[key] && stateFilters[key].length) out[key] = { any: stateFilters[key].slice() };
    });
    return out;
  }

  SearchUI.prototype.search = function () {
    var self = this;
    var seq = ++this.seq;
    var pf = this.pagefind;
    var q = this.state.q.trim();
    var stateFilters = this.state.filters;
    var activeKeys = Object.keys(stateFilters).filter(function (k) { return stateFilters[k].length; });

    if (!q && activeKeys.length === 0) {
      this.results = [];
      this.shown = 0;
      this.list.textContent = "";
      this.moreButton.hidden = true;
      this.shownInfo.textContent = "";
      this.hint.textContent = TEXT.hint;
      this.setStatus("", false);
      this.updateFacets(this.totals);
      return Promise.resolve();
    }

    this.list.setAttribute("aria-busy", "true");
    var filters = filtersFor(stateFilters);
    var term = q || null;
    var sortKey = this.state.sort;
    /* Pagefind leaves pages without the sort key out of a sorted result. So the
       unsorted search gives the counts and the full set; the sorted one the order,
       and pages that lack the key follow at the end. */
    var searches = [pf.search(term, { filters: filters })];
    if (sortKey) {
      var sort = {};
      sort[sortKey] = "desc";
      searches.push(pf.search(term, { filters: filters, sort: sort }));
    }

    return Promise.all(searches)
      .then(function (found) {
        if (seq !== self.seq) return null;
        var main = found[0];
        var results = (main && main.results) || [];
        if (found[1]) {
          var sorted = found[1].results || [];
          var seen = {};
          sorted.forEach(function (r) { seen[r.id] = true; });
          results = sorted.concat(results.filter(function (r) { return !seen[r.id]; }));
        }
        /* Counts per facet. Values within a facet are OR-ed, so the counts of a
           facet that has a selection come from a search without that facet's own
           filter ("how many results would this value add"); all other facets take
           the counts of the current result. */
        var counts = {};
        var jobs = self.facets.map(function (facet) {
          var key = facet.key;
          if (activeKeys.indexOf(key) < 0) {
            counts[key] = (main.filters && main.filters[key]) || {};
            return null;
          }
          var others = filtersFor(stateFilters, key);
          if (!q && Object.keys(others).length === 0) {
            counts[key] = self.totals[key] || {};
            return null;
          }
          return Promise.resolve(pf.search(term, { filters: others })).then(function (r) {
            counts[key] = (r && r.filters && r.filters[key]) || {};
          });
        });
        return Promise.all(jobs).then(function () {
          if (seq !== self.seq) return null;
          self.updateFacets(counts);
          self.results = results;
          self.shown = 0;
          return self.renderPage(seq, false);
        });
      })
      .catch(function (e) {
        if (seq !== self.seq) return;
        warn("search failed", e);
        self.list.textContent = "";
        self.moreButton.hidden = true;
        self.shownInfo.textContent = "";
        self.hint.textContent = "";
        self.setStatus(TEXT.searchError, false);
      });
  };

  SearchUI.prototype.updateFacets = function (counts) {
    var filters = this.state.filters;
    this.facets.forEach(function (facet) {
      var c = counts[facet.key] || {};
      var chosen = filters[facet.key] || [];
      var visible = 0;
      facet.values.forEach(function (v) {
        var info = facet.rows[v.value];
        var box = facet.boxes[v.value];
        var n = c[v.value] || 0;
        var checked = chosen.indexOf(v.value) >= 0;
        info.count.textContent = "(" + n.toLocaleString("de-DE") + ")";
        info.row.hidden = !(info.total > 0 || checked);
        box.disabled = n === 0 && !checked;
        info.row.classList.toggle("pb-facet__value--empty", n === 0);
        if (!info.row.hidden) visible++;
      });
      facet.details.hidden = visible === 0;
      facet.summaryExtra.textContent = chosen.length ? " (" + TEXT.selected(chosen.length) + ")" : "";
    });
  };

  SearchUI.prototype.renderPage = function (seq, append) {
    var self = this;
    var total = this.results.length;
    var from = this.shown;
    var to = Math.min(total, from + PAGE_SIZE);
    var slice = this.results.slice(from, to);
    var showSummary = !this.state.q.trim();

    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (datas) {
      if (seq !== self.seq) return null;
      var fragment = document.createDocumentFragment();
      var firstLink = null;
      datas.forEach(function (data) {
        var item = self.renderResult(data, showSummary);
        if (!firstLink) firstLink = item.querySelector("a");
        fragment.appendChild(item);
      });
      if (!append) self.list.textContent = "";
      self.list.appendChild(fragment);
      self.shown = to;
      self.hint.textContent = total === 0 ? TEXT.noneHint : "";
      self.setStatus(total === 0 ? TEXT.none : total === 1 ? TEXT.one : TEXT.many(total), false);
      self.shownInfo.textContent = total > PAGE_SIZE ? TEXT.shown(self.shown, total) : "";
      self.moreButton.hidden = self.shown >= total;
      return firstLink;
    });
  };

  SearchUI.prototype.renderResult = function (data, showSummary) {
    var meta = (data && data.meta) || {};
    var title = meta.title || data.url;
    var link = el("a", { href: safeHref(data.url), text: title });
    var metaParts = [];
    var children = [el("h3", { className: "pb-card__title" }, [link])];
    if (meta.kommune) {
      metaParts.push(el("span", { className: "pb-card__kommune", text: meta.kommune }));
    }
    if (meta.themen) {
      if (metaParts.length) metaParts.push(el("span", { className: "pb-card__sep", "aria-hidden": "true", text: " · " }));
      metaParts.push(el("span", { className: "pb-card__themen", text: meta.themen }));
    }
    if (metaParts.length) children.push(el("p", { className: "pb-card__meta" }, metaParts));
    var excerpt = el("p", { className: "pb-card__excerpt" });
    if (showSummary && meta.summary) {
      excerpt.textContent = meta.summary;
    } else {
      excerpt.innerHTML = safeExcerpt(data.excerpt);
    }
    children.push(excerpt);
    return el("li", { className: "pb-card pb-result" }, children);
  };

  SearchUI.prototype.showMore = function () {
    var self = this;
    var seq = this.seq;
    this.moreButton.disabled = true;
    return this.renderPage(seq, true)
      .then(function (firstNew) {
        if (firstNew) firstNew.focus();
        else if (self.moreButton.hidden) self.input.focus();
      })
      .catch(function (e) {
        warn("could not load more results", e);
        self.setStatus(TEXT.searchError, false);
      })
      .then(function () { self.moreButton.disabled = false; });
  };

  /* ------------------------------------------------------------------- boot */

  var current = null;

  function boot() {
    var node = document.getElementById("pb-search");
    if (!node || node.getAttribute("data-pb-ready") === "1") return;
    if (!node.querySelector("form") || !(node.querySelector("#pb-q") || node.querySelector('input[name="q"]'))) return;
    node.setAttribute("data-pb-ready", "1");
    current = new SearchUI(node);
    try {
      current.start().catch(function (e) { warn("start failed", e); });
    } catch (e) {
      warn("start failed", e);
    }
  }

  window.addEventListener("popstate", function () {
    if (current && current.root.isConnected && location.pathname === current.path) current.restoreFromURL();
  });

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
