/*
 * Praxisbörse – search (page /suche/).
 *
 * Builds on the element #pb-search that the search page provides:
 *   <div id="pb-search" data-bundle="../pagefind/" [data-page-size="20"]>
 *     <form role="search" class="pb-search__form"> … <input id="pb-q" name="q"> … </form>
 *     <script type="application/json" id="pb-facets">{ "thema": {"label": …, "values": {…}}, … }</script>
 *   </div>
 *
 * Without #pb-search the script does nothing, so it may be loaded on every page.
 * The state lives in the URL: ?q=…&thema=a&thema=b&land=BW&sort=geprueft
 *
 * "Kommunen wie meine" (preset): one button that ticks the size class (facet groesse) and the
 * state (facet land) of the reader's municipality. The first time it asks for both in a small
 * form and keeps the answer in localStorage (PRESET_STORAGE, JSON {groesse, land}); later one
 * click applies it. The choice ends up in the URL like any ticked filter.
 *
 * No dependencies, no requests to other hosts, no build step.
 *
 * The index may come in several Pagefind bundles (shards, see generator/search.py): the
 * manifest <bundle>teile.json lists them; the first is loaded, the others are merged into it
 * (mergeIndex: they share its WebAssembly). Facet counts are summed over the bundles by
 * Pagefind. Sorting is not: in a sorted search Pagefind scores a page by its place in its own
 * bundle and merges bundles by that score. So a sorted search asks each bundle on its own
 * (every bundle carries a synthetic filter with its number) and merges the sorted lists here
 * by the sort value, which every page carries as meta "sort-<key>". A missing manifest means
 * one bundle.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 20;
  var MANIFEST = "teile.json";       /* written by generator/search.py */
  var SORT_META_PREFIX = "sort-";    /* default; the manifest may name another */
  var SHARD_FILTER = "pb-teil";      /* synthetic filter: the number of a page's bundle */
  var EXCERPT_WORDS = 30;
  /* Pagefind's ranking: how much a word the same length as the query word counts over a longer
     one that only starts with it (default 1: "Rad" ranked a page full of "Radverkehr" above one
     about the "Rad"). */
  var TERM_SIMILARITY = 6;
  /* The sections of a search document (generator/defaults/templates/pages/search_document.html.j2)
     an excerpt may come from; never the title ("", the summary stands in), the fact sheet or the
     related words. */
  var EXCERPT_SECTIONS = { "kurzfassung": true, "das-problem": true, "die-losung": true, "ergebnisse": true,
    "ausfuhrlicher-bericht": true };
  var WORD_LIST = "woerter.txt";     /* written by generator/terms.py, beside the manifest */
  var FEW = 3;                       /* fewer results than this: try corrections and compound parts */
  /* Card facts: filter key → label, in this order (values come from the facet list) */
  var CARD_FACTS = [["status", "Stand"], ["nachnutzung", "Nachnutzbarkeit"], ["groesse", "Größe"],
    ["kosten", "Kosten"]];
  var DEBOUNCE_MS = 250;
  var OPEN_FACETS_WIDE = 3;
  var WIDE_QUERY = "(min-width: 60em)";
  var SORTS = [
    { value: "", label: "Relevanz" },
    { value: "geprueft", label: "Zuletzt geprüft" },
    { value: "begonnen", label: "Beginn, neueste zuerst" },
    { value: "nachnutzer", label: "Meiste Nachnutzungen" }
  ];
  var PRESET_STORAGE = "pb-wie-meine";   /* localStorage key: JSON {groesse, land} */
  var PRESET_SIZE = "groesse";           /* the two facets the preset sets */
  var PRESET_STATE = "land";
  var PRESET_SKIP = { unknown: true };   /* size classes nobody picks for their own municipality */
  var PRESET_ABROAD = "ausland";
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
    configError: "Die Suche ist falsch eingerichtet (Filterliste fehlt oder ist fehlerhaft).",
    empty: "Es sind noch keine Fälle veröffentlicht.",
    inUseLabel: "Im Einsatz bei:",
    inUse: function (n) {
      return n === 0 ? "noch keiner weiteren Kommune" : n === 1 ? "1 weiteren Kommune"
        : n.toLocaleString("de-DE") + " weiteren Kommunen";
    },
    preset: "Kommunen wie meine",
    presetChange: "ändern",
    presetChangeHidden: " (Größe und Bundesland Ihrer Kommune)",
    presetLegend: "Ihre Kommune",
    presetIntro: "Zeigt Fälle aus Kommunen Ihrer Größe in Ihrem Bundesland. Ihre Auswahl wird nur " +
      "in diesem Browser gespeichert.",
    presetSize: "Einwohnerzahl",
    presetState: "Bundesland",
    presetChoose: "Bitte wählen",
    presetApply: "Übernehmen",
    presetCancel: "Abbrechen",
    /* "< 5.000" reads badly in a sentence */
    presetSizePhrase: function (label) {
      return String(label).replace(/^\s*<\s*/, "weniger als ").replace(/^\s*>\s*/, "mehr als ");
    },
    presetStatePhrase: function (value, label) {
      return value === PRESET_ABROAD ? "außerhalb Deutschlands" : "in " + label;
    },
    presetCurrent: function (size, state) { return "(" + size + " Einwohner, " + state + ")"; },
    presetApplied: function (size, state) { return "Gefiltert auf Kommunen mit " + size + " Einwohnern " + state; },
    correctedTo: "Ergebnisse für ",
    insteadSearch: " – stattdessen suchen nach ",
    didYouMean: "Meinten Sie: ",
    parts: function (words, parts) {
      return "Auch gefunden über die Wortteile: " + parts.filter(function (p) { return words.indexOf(p) < 0; })
        .map(function (p) { return "„" + p + "“"; }).join(", ") + " (Treffer für das ganze Wort zuerst)";
    },
    facetsShow: "Filter anzeigen",
    facetsHide: "Filter ausblenden"
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

  /* ------------------------------------------------------------------ engine */

  function hasValue(v) { return v !== undefined && v !== null && v !== ""; }

  /* Two sort values as Pagefind orders them: as numbers if both are numbers, else as text.
     A page without a value comes last. */
  function compareValues(a, b) {
    if (!hasValue(a) || !hasValue(b)) return hasValue(a) ? 1 : hasValue(b) ? -1 : 0;
    var x = Number(a), y = Number(b);
    if (String(a).trim() !== "" && String(b).trim() !== "" && isFinite(x) && isFinite(y)) return x - y;
    a = String(a); b = String(b);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /* Pagefind over one bundle or several (the first loaded, the others merged into it). */
  function Engine(bundle) {
    this.bundle = bundle;            /* absolute URL of the bundle folder, ending in "/" */
    this.folders = [""];             /* the bundles, relative to it; the first one is loaded */
    this.metaPrefix = SORT_META_PREFIX;
    this.pf = null;                  /* the Pagefind module, all bundles merged */
  }

  Engine.prototype.url = function (folder) { return new URL(folder, this.bundle).href; };
  /* Pagefind's worker resolves bundle paths itself: give it paths from the site root. */
  Engine.prototype.path = function (folder) { return new URL(folder, this.bundle).pathname; };

  Engine.prototype.readManifest = function () {
    var self = this;
    return fetch(this.bundle + MANIFEST, { cache: "no-cache" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .catch(function () { return null; })
      .then(function (manifest) {
        if (!manifest || !Array.isArray(manifest.bundles)) return;
        var valid = manifest.bundles.every(function (folder) {
          return typeof folder === "string" && /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*$/.test(folder);
        });
        if (!valid) throw new Error("invalid manifest");
        self.folders = manifest.bundles.slice();
        if (typeof manifest.sortMetaPrefix === "string") self.metaPrefix = manifest.sortMetaPrefix;
      });
  };

  /* Every bundle gets a synthetic filter SHARD_FILTER = its number (1, 2, …), so that a
     sorted search can ask the bundles one by one. */
  function shardOptions(i, count) {
    var options = { excerptLength: EXCERPT_WORDS, ranking: { termSimilarity: TERM_SIMILARITY } };
    if (count > 1) {
      options.mergeFilter = {};
      options.mergeFilter[SHARD_FILTER] = String(i + 1);
    }
    return options;
  }

  /* Resolves to false when there is nothing to search (no case published yet). */
  Engine.prototype.load = function () {
    var self = this;
    return this.readManifest().then(function () {
      var count = self.folders.length;
      if (count === 0) return false;
      return import(self.url(self.folders[0]) + "pagefind.js").then(function (pf) {
        self.pf = pf;
        return Promise.resolve(pf.options(shardOptions(0, count)))
          .then(function () { return pf.init(); })
          .then(function () {
            return Promise.all(self.folders.slice(1).map(function (folder, j) {
              return pf.mergeIndex(self.path(folder), shardOptions(j + 1, count));
            }));
          })
          .then(function () { return true; });
      });
    });
  };

  /* One engine per bundle for the life of the document: Material's instant navigation may show the
     search page again, and merging the bundles a second time would double every result. */
  var engines = {};

  function engineFor(bundle) {
    var engine = engines[bundle];
    if (!engine) {
      engine = engines[bundle] = new Engine(bundle);
      engine.ready = engine.load();
      engine.ready.catch(function () { delete engines[bundle]; });
    }
    return engine;
  }

  Engine.prototype.filters = function () { return this.pf.filters(); };

  /* The index's word list (Words), loaded on first use; null when it cannot be had. */
  Engine.prototype.words = function () {
    if (!this.wordList) {
      this.wordList = fetch(this.bundle + WORD_LIST)
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (text) { return text ? new Words(text) : null; })
        .catch(function (e) { warn("word list", e); return null; });
    }
    return this.wordList;
  };

  Engine.prototype.search = function (term, filters) { return this.pf.search(term, { filters: filters }); };

  /* The results of a sorted search ("desc"), as one sorted list per bundle; Pagefind leaves
     out pages without the sort key. In a sorted search Pagefind scores a page by its place in
     its own bundle's order, and merges bundles by score: right for one bundle, an interleaving
     for several. So each bundle is asked on its own (its synthetic filter), and its list comes
     back in its order. */
  Engine.prototype.sortedLists = function (term, filters, key) {
    var pf = this.pf;
    var sort = {};
    sort[key] = "desc";
    return Promise.all(this.folders.map(function (_, i, all) {
      var only = Object.assign({}, filters);
      if (all.length > 1) only[SHARD_FILTER] = { any: [String(i + 1)] };
      return Promise.resolve(pf.search(term, { filters: only, sort: sort })).then(function (found) {
        return (found && found.results) || [];
      });
    }));
  };

  /* A result's data (its fragment), loaded once: the review of a query and the list share it. */
  function dataOf(result) {
    if (!result.pbData) result.pbData = result.data();
    return result.pbData;
  }

  /* A list of results shown page by page: next(n) resolves to the data of the next n. */
  function PlainList(results) {
    this.results = results;
    this.total = results.length;
    this.position = 0;
  }

  PlainList.prototype.next = function (n) {
    var slice = this.results.slice(this.position, this.position + n);
    this.position += slice.length;
    return Promise.all(slice.map(dataOf));
  };

  /* Sorted lists of several bundles merged by the sort value (descending; ties: the earlier
     bundle first), then the pages without the sort key (in ``rest``'s order). Loads the data
     of a few results per bundle ahead, in parallel, so one page costs few round trips. */
  function MergedList(lists, rest, metaKey) {
    this.lists = lists;
    this.rest = rest;
    this.metaKey = metaKey;
    this.positions = lists.map(function () { return 0; });
    this.loaded = lists.map(function () { return []; });  /* per bundle: data promises, in order */
    this.total = lists.reduce(function (sum, l) { return sum + l.length; }, 0) + rest.length;
    this.restPosition = 0;
  }

  MergedList.prototype.ensure = function (i, ahead) {
    var list = this.lists[i];
    var loaded = this.loaded[i];
    while (loaded.length < ahead && this.positions[i] + loaded.length < list.length) {
      loaded.push(dataOf(list[this.positions[i] + loaded.length]));
    }
  };

  MergedList.prototype.next = function (n) {
    var self = this;
    var out = [];
    var bundles = this.lists.length;
    var ahead = Math.ceil(n / bundles) + 1;
    function step() {
      if (out.length >= n) return Promise.resolve(out);
      var heads = [];
      for (var i = 0; i < bundles; i++) {
        self.ensure(i, ahead);
        heads.push(self.loaded[i].length ? self.loaded[i][0] : null);
      }
      return Promise.all(heads).then(function (datas) {
        var best = -1;
        var bestValue;
        datas.forEach(function (data, i) {
          if (!data) return;
          var value = data.meta ? data.meta[self.metaKey] : undefined;
          if (best < 0 || compareValues(value, bestValue) > 0) { best = i; bestValue = value; }
        });
        if (best < 0) {
          var slice = self.rest.slice(self.restPosition, self.restPosition + n - out.length);
          self.restPosition += slice.length;
          return Promise.all(slice.map(dataOf)).then(function (more) {
            return out.concat(more);
          });
        }
        out.push(datas[best]);
        self.loaded[best].shift();
        self.positions[best] += 1;
        return step();
      });
    }
    return step();
  };

  /* ------------------------------------------------------------------- words */

  /* The index's own vocabulary (generator/terms.py, word_list): "wort anzahl" per line, most
     frequent first. Loaded only when a query needs it: a query word the results do not confirm,
     or fewer than FEW results. It corrects typos ("Meinten Sie …?") and splits query compounds
     into words of the index, the way generator/terms.py splits the cases' compounds. */
  var INFLECTION = /^(?:e|em|en|ens|er|ern|es|n|nen|ns|s)$/;
  var LINKS = ["es", "en", "er", "s", "n", "e"];
  var MIN_PART = 3, MIN_HEAD = 4, MIN_COMPOUND = 7;
  var NOT_A_HEAD = toSet("innen ung ungen heit heiten keit keiten schaft schaften lich liche lichen chen ismus ismen " +
    "lein ling linge nis nisse tum tümer bar isch ische ischen ieren iert ierung ierungen über haben werden " +
    "wurde worden sein seine seiner seinen ihre ihrer ihren ende enden");
  var NOT_A_MODIFIER = toSet("und oder der die das den dem des ein eine einer einen eines mit von vom zum " +
    "zur bei aus auf für ins ist sind war wie was wer wir ihr sie uns vor nach über unter durch fort gegen gege " +
    "rück voraus bereit aller hinter wider wieder zurück zusammen weiter");
  var NOT_SPLIT = toSet("haushalt haushalte haushalts grundstück grundstücke schnittstelle schnittstellen " +
    "denkmal denkmäler schwerpunkt schwerpunkte beispiel beispiele umwelt gegenstand maßnahme maßnahmen");
  var SHORT_HEADS = toSet("amt rat hof weg bad");
  var SHORT_MODIFIERS = toSet("rad bus job bau");
  var COMBINING = toSet("bio öko elektro cyber solar tele geo online digital sozial smart alt frei nah fern " +
    "stark hoch grün neu");
  var NEEDS_S = /(?:ung|heit|keit|schaft|ion|tät|ling|tum)$/;

  function toSet(words) {
    var set = Object.create(null);
    words.split(/\s+/).forEach(function (w) { if (w) set[w] = true; });
    return set;
  }

  /* "Bürgerbüro" and "Buergerbuero", "E-Akte" and "EAkte" are the same word when correcting. */
  function transcribe(word) {
    return word.toLowerCase().replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue")
      .replace(/ß/g, "ss").replace(/-/g, "");
  }

  /* As Pagefind's stemmer compares words: umlauts as their base letter. */
  function base(word) {
    return word.toLowerCase().replace(/ä/g, "a").replace(/ö/g, "o").replace(/ü/g, "u")
      .replace(/ß/g, "ss").replace(/[^a-z0-9]/g, "");
  }

  /* Optimal string alignment distance (a swapped pair of letters is one edit), or max + 1 when
     it is larger than max. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prevprev = null, prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      var row = [i], best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prevprev && i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
          d = Math.min(d, prevprev[j - 2] + 1);
        }
        row.push(d);
        if (d < best) best = d;
      }
      if (best > max) return max + 1;
      prevprev = prev;
      prev = row;
    }
    return prev[b.length];
  }

  function Words(text) {
    var freq = this.freq = Object.create(null);
    var list = this.list = [];
    String(text || "").split("\n").forEach(function (line) {
      if (!line || line.charAt(0) === "#") return;
      var space = line.lastIndexOf(" ");
      var word = space > 0 ? line.slice(0, space) : line;
      var n = space > 0 ? parseInt(line.slice(space + 1), 10) || 1 : 1;
      if (!(word in freq)) list.push(word);
      freq[word] = (freq[word] || 0) + n;
    });
    this.sorted = list.slice().sort();
    this.transcribed = list.map(transcribe);
  }

  Words.prototype.has = function (word) { return word in this.freq; };

  /* Does some word of the index start with this one (Pagefind finds beginnings of words)? */
  Words.prototype.startsSome = function (word) {
    var list = this.sorted, lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < word) lo = mid + 1; else hi = mid;
    }
    return lo < list.length && list[lo].indexOf(word) === 0;
  };

  /* A word Pagefind finds: in the index, the beginning of a word there, or an inflected form of one. */
  Words.prototype.known = function (word) {
    word = word.toLowerCase();
    if (word.length < MIN_PART || /\d/.test(word) || this.has(word) || this.startsSome(word)) return true;
    for (var cut = word.length - 1; cut >= word.length - 3 && cut >= MIN_PART; cut--) {
      if (INFLECTION.test(word.slice(cut)) && this.has(word.slice(0, cut))) return true;
    }
    return false;
  };

  /* The index word closest to an unknown one: same letters with ae/oe/ue/ss or without a hyphen
     first, then one edit, then two (for words of six letters or more); the more frequent word
     wins a tie. null when there is none. */
  Words.prototype.correct = function (word) {
    var w = word.toLowerCase();
    var t = transcribe(w);
    var max = w.length >= 6 ? 2 : 1;
    var best = null, bestD = max + 1, bestN = -1;
    for (var i = 0; i < this.list.length; i++) {
      var candidate = this.list[i];
      if (candidate === w) continue;
      var ct = this.transcribed[i];
      /* the same letters: the spelling with umlauts first ("mängelmelder" before the tag "maengelmelder") */
      var d = ct === t ? (/[äöüß]/.test(candidate) ? 0 : 0.5) : distance(t, ct, Math.min(max, bestD));
      var n = this.freq[candidate];
      if (d < bestD || (d === bestD && n > bestN)) { best = candidate; bestD = d; bestN = n; }
    }
    return bestD <= max ? best : null;
  };

  /* The parts of a compound that are words of the index ("bürgerbeteiligung" → bürger, beteiligung),
     or null. The same rules as generator/terms.py (Lexicon.split). */
  Words.prototype.split = function (word, depth) {
    var self = this;
    word = word.toLowerCase();
    depth = depth || 0;
    if (word.indexOf("-") >= 0) {
      var out = [];
      word.split("-").forEach(function (piece) {
        if (piece.length >= 2) out = out.concat(self.split(piece, depth + 1) || [piece]);
      });
      return out.length > 1 ? out : null;
    }
    if (word.length < MIN_COMPOUND || depth > 2 || NOT_SPLIT[word]) return null;
    var best = null, bestScore = null;
    for (var cut = MIN_PART; cut <= word.length - MIN_PART; cut++) {
      var head = word.slice(cut);
      if (NOT_A_HEAD[head] || !this.has(head) || (head.length < MIN_HEAD && !SHORT_HEADS[head])) continue;
      var left = word.slice(0, cut);
      var modifiers = [[left, ""]];
      LINKS.forEach(function (link) {
        if (left.length - link.length >= MIN_PART && left.slice(-link.length) === link) modifiers.push([left.slice(0, -link.length), link]);
      });
      for (var m = 0; m < modifiers.length; m++) {
        var modifier = modifiers[m][0], link = modifiers[m][1];
        if (NOT_A_MODIFIER[modifier] || (modifier.length < MIN_HEAD && !SHORT_MODIFIERS[modifier] && !this.has(modifier))) continue;
        if (NEEDS_S.test(modifier) && link !== "s") continue;
        /* "sperr|müll": a verb's stem, without a linking element but "e" */
        var stem = !this.has(modifier) && (link === "" || link === "e") &&
          (this.has(modifier + "en") || this.has(modifier + "n"));
        var known = this.has(modifier) || COMBINING[modifier] || SHORT_MODIFIERS[modifier];
        var parts = stem || known ? [modifier] : this.split(modifier, depth + 1);
        if (!parts) continue;
        parts = parts.concat([head]);
        var logs = 0;
        for (var k = 0; k < parts.length; k++) logs += Math.log((this.freq[parts[k]] || 0) + 1);
        /* fewer parts first, then a known word before a verb's stem, then the more frequent parts */
        var score = [-parts.length, stem ? 0 : 1, Math.exp(logs / parts.length)];
        if (!bestScore || score[0] > bestScore[0] || (score[0] === bestScore[0] && (score[1] > bestScore[1] ||
            (score[1] === bestScore[1] && score[2] > bestScore[2])))) { bestScore = score; best = parts; }
      }
    }
    return best;
  };

  /* A correction written as the reader wrote the word: "Digitalisirung" → "Digitalisierung". */
  function likeTyped(word, typed) {
    var first = String(typed || "").replace(/^[^A-Za-zÄÖÜäöüß]+/, "").charAt(0);
    return first && first !== first.toLowerCase() ? word.charAt(0).toUpperCase() + word.slice(1) : word;
  }

  /* The words of a query as Pagefind splits them (quotes and punctuation off). */
  function queryWords(q) {
    return String(q).toLowerCase().split(/\s+/).map(function (w) {
      return w.replace(/^[^a-z0-9äöüß]+|[^a-z0-9äöüß]+$/g, "");
    }).filter(Boolean);
  }

  /* Does a matched word of a result stand for this query word? The same word, a word that starts
     with it, or the same word inflected; Pagefind's fallback for an unknown word (the longest
     indexed word it starts with: "digitalisirung" → "digital") does not. */
  function confirms(queryWord, matched) {
    var w = base(queryWord), m = base(matched);
    if (!w || !m) return false;
    if (m.indexOf(w) === 0) return true;
    return w.indexOf(m) === 0 && INFLECTION.test(w.slice(m.length));
  }

  /* Per query word, whether the first results (their data) matched it as it is. */
  function confirmed(words, datas) {
    return words.map(function (word) {
      return datas.some(function (data) {
        var content = String((data && data.content) || "").split(/\s+/);
        return (data.locations || []).some(function (i) { return confirms(word, content[i] || ""); });
      });
    });
  }

  /* Exposed for the tests (tests/browser/test_search_words.py). */
  window.pbSearchWords = { Words: Words, distance: distance, confirms: confirms, queryWords: queryWords };


  /* --------------------------------------------------------------- the widget */

  function SearchUI(root) {
    this.root = root;
    this.form = root.querySelector("form");
    this.input = root.querySelector("#pb-q") || root.querySelector('input[name="q"]');
    this.engine = null;
    this.facets = [];          // [{key, label, values: [{value, label}], details, boxes: {value: input}}]
    this.facetByKey = {};
    this.totals = {};          // counts over the whole index: {key: {value: n}}
    this.state = { q: "", filters: {}, sort: "" };
    this.seq = 0;              // guards against out-of-order search results
    this.timer = null;
    this.view = null;          // the current search's results, shown page by page (PlainList/MergedList)
    this.shown = 0;
    this.ready = false;
    this.path = location.pathname;
    /* Results per page: data-page-size on #pb-search, else PAGE_SIZE. */
    var size = parseInt(root.getAttribute("data-page-size"), 10);
    this.pageSize = size > 0 ? size : PAGE_SIZE;
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

    this.engine = engineFor(bundle);
    return this.engine.ready
      .then(function (loaded) {
        if (!loaded) return null;
        return self.engine.filters();
      })
      .then(function (totals) {
        if (!self.engine.pf) {
          self.fail(TEXT.empty);
          return null;
        }
        self.totals = totals || {};
        self.buildFacets();
        self.buildPreset();
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
    /* On narrow screens the filters sit above the results, closed behind this button: they take
       their place at once, so the results do not move down when the facets arrive. */
    this.facetToggle = el("button", { type: "button", id: "pb-facets-toggle", className: "pb-search__facetstoggle",
      "aria-controls": "pb-facetlist", "aria-expanded": "false", text: TEXT.facetsShow });
    this.facetPanel = el("section", { className: "pb-search__facets", "aria-labelledby": "pb-facets-heading" }, [
      el("div", { className: "pb-search__facetshead" }, [facetsHeading, this.facetToggle, this.resetButton]),
      this.facetBox
    ]);
    var panel = this.facetPanel, toggle = this.facetToggle;
    toggle.addEventListener("click", function () {
      var open = !panel.classList.contains("pb-search__facets--open");
      panel.classList.toggle("pb-search__facets--open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.textContent = open ? TEXT.facetsHide : TEXT.facetsShow;
    });

    this.sortSelect = el("select", { id: "pb-sort", name: "sort" },
      SORTS.map(function (s) { return el("option", { value: s.value, text: s.label }); }));
    var toolbar = el("div", { className: "pb-search__toolbar" }, [
      el("label", { "for": "pb-sort", text: TEXT.sort }),
      this.sortSelect
    ]);

    this.status = el("p", { id: "pb-status", className: "pb-search__status", role: "status", "aria-live": "polite" });
    this.hint = el("p", { id: "pb-hint", className: "pb-search__hint" });
    /* corrections and compound parts: read out after the count */
    this.note = el("p", { id: "pb-note", className: "pb-search__note", "aria-live": "polite" });
    this.list = el("ol", { id: "pb-results", className: "pb-results", "aria-labelledby": "pb-results-heading" });
    this.shownInfo = el("p", { id: "pb-shown", className: "pb-search__shown" });
    this.moreButton = el("button", { type: "button", id: "pb-more", className: "pb-search__more", text: TEXT.more });
    this.moreButton.hidden = true;

    this.main = el("section", { className: "pb-search__main", "aria-labelledby": "pb-results-heading" }, [
      el("h2", { id: "pb-results-heading", className: "pb-search__heading pb-sr-only", text: TEXT.results }),
      toolbar,
      this.status,
      this.note,
      this.hint,
      this.list,
      this.shownInfo,
      this.moreButton
    ]);

    this.layout = el("div", { className: "pb-search__layout" }, [this.facetPanel, this.main]);
    root.appendChild(this.layout);
    /* The preset's button, disabled until the search has loaded: it takes its place now, so that
       nothing below it moves when the real one replaces it (layout shift). */
    root.insertBefore(el("div", { className: "pb-preset" }, [
      el("div", { className: "pb-preset__bar" }, [
        el("button", { type: "button", className: "pb-preset__button", disabled: true, text: TEXT.preset })
      ])
    ]), this.layout);
  };

  SearchUI.prototype.fail = function (message) {
    this.ready = false;
    this.root.classList.add("pb-search--error");
    this.facetPanel.hidden = true;
    this.list.textContent = "";
    this.hint.textContent = "";
    this.note.textContent = "";
    this.shownInfo.textContent = "";
    this.moreButton.hidden = true;
    this.sortSelect.disabled = true;
    var waiting = this.preset ? null : this.root.querySelector(".pb-preset");
    if (waiting) waiting.remove();  /* the disabled stand-in of the preset button: no search, no preset */
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
    this.state = { q: params.get("q") || "", filters: filters, sort: sort, exact: params.get("exakt") === "1" };
    this.exactNext = this.state.exact;
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
    if (this.state.exact && q) params.set("exakt", "1");
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
    this.state = { q: this.input.value, filters: filters, sort: this.sortSelect.value, exact: !!this.exactNext };
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
    this.input.addEventListener("input", function () { self.exactNext = false; self.changed(false); });
    this.sortSelect.addEventListener("change", function () { self.changed(true); });
    this.facetBox.addEventListener("change", function (event) {
      if (event.target && event.target.type === "checkbox") {
        self.presetSay("");
        self.changed(true);
      }
    });
    this.resetButton.addEventListener("click", function () {
      self.presetSay("");
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
    this.presetSay("");
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
    var q = this.state.q.trim();
    var stateFilters = this.state.filters;
    var activeKeys = Object.keys(stateFilters).filter(function (k) { return stateFilters[k].length; });

    if (!q && activeKeys.length === 0) {
      this.view = null;
      this.shown = 0;
      this.list.textContent = "";
      this.moreButton.hidden = true;
      this.shownInfo.textContent = "";
      this.hint.textContent = TEXT.hint;
      this.note.textContent = "";
      this.setStatus("", false);
      this.updateFacets(this.totals);
      return Promise.resolve();
    }

    this.list.setAttribute("aria-busy", "true");
    return this.query(seq, q || null)
      .then(function (outcome) { return outcome && self.review(seq, q, outcome); })
      .then(function (outcome) {
        if (!outcome || seq !== self.seq) return null;
        self.updateFacets(outcome.counts);
        self.view = outcome.view;
        self.shown = 0;
        self.showNote(outcome);
        return self.renderPage(seq, false);
      })
      .catch(function (e) {
        if (seq !== self.seq) return;
        warn("search failed", e);
        self.list.textContent = "";
        self.moreButton.hidden = true;
        self.shownInfo.textContent = "";
        self.hint.textContent = "";
        self.note.textContent = "";
        self.setStatus(TEXT.searchError, false);
      });
  };

  /* One search for a term with the current filters and sort: {main, view, counts}, or null when a
     newer search has started. */
  SearchUI.prototype.query = function (seq, term) {
    var self = this;
    var engine = this.engine;
    var stateFilters = this.state.filters;
    var activeKeys = Object.keys(stateFilters).filter(function (k) { return stateFilters[k].length; });
    var filters = filtersFor(stateFilters);
    var sortKey = this.state.sort;
    /* Pagefind leaves pages without the sort key out of a sorted result. So the
       unsorted search gives the counts and the full set; the sorted one the order
       (one list per bundle, merged here), and pages that lack the key follow at the end. */
    var searches = [engine.search(term, filters)];
    if (sortKey) searches.push(engine.sortedLists(term, filters, sortKey));

    return Promise.all(searches).then(function (found) {
      if (seq !== self.seq) return null;
      var main = found[0];
      var results = (main && main.results) || [];
      var view = new PlainList(results);
      if (found[1]) {
        var lists = found[1];
        var seen = {};
        lists.forEach(function (list) { list.forEach(function (r) { seen[r.id] = true; }); });
        var rest = results.filter(function (r) { return !seen[r.id]; });
        view = lists.length === 1 ? new PlainList(lists[0].concat(rest))
          : new MergedList(lists, rest, engine.metaPrefix + sortKey);
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
        if (!term && Object.keys(others).length === 0) {
          counts[key] = self.totals[key] || {};
          return null;
        }
        return Promise.resolve(engine.search(term, others)).then(function (r) {
          counts[key] = (r && r.filters && r.filters[key]) || {};
        });
      });
      return Promise.all(jobs).then(function () {
        return seq === self.seq ? { main: main, results: results, view: view, counts: counts } : null;
      });
    });
  };

  /* After the first search for q: when a query word is not confirmed by the first results, or
     there are fewer than FEW, the word list is loaded. An unknown word with a correction: when
     nothing really matched, the corrected query is searched at once (outcome.corrected), else it
     is offered (outcome.suggestion). Fewer than FEW results and a compound in the query: the
     query is searched by the compound's parts too, the results of the whole word first
     (outcome.parts). */
  SearchUI.prototype.review = function (seq, q, outcome) {
    var self = this;
    var words = queryWords(q);
    if (!words.length) return outcome;
    var results = outcome.results;
    var first = results.slice(0, 5);
    return Promise.all(first.map(dataOf)).then(function (datas) {
      var sure = confirmed(words, datas);
      var allSure = sure.every(Boolean);
      if (allSure && results.length >= FEW) return outcome;
      return self.engine.words().then(function (list) {
        if (!list || seq !== self.seq) return outcome;
        var corrections = words.map(function (w) { return list.known(w) ? null : list.correct(w); });
        if (corrections.some(Boolean)) {
          var typed = q.split(/\s+/).filter(Boolean);
          var better = words.map(function (w, i) { return corrections[i] ? likeTyped(corrections[i], typed[i]) : w; }).join(" ");
          if ((results.length === 0 || !allSure) && !self.state.exact) {
            return self.query(seq, better).then(function (again) {
              if (!again) return null;
              if (again.results.length === 0) { outcome.suggestion = better; return outcome; }
              again.corrected = { from: q, to: better };
              return again;
            });
          }
          outcome.suggestion = better;
          return outcome;
        }
        if (results.length >= FEW || self.state.sort) return outcome;
        var split = [];
        var parts = [];
        words.forEach(function (w) {
          var p = list.split(w);
          if (p) split.push(w);
          parts = parts.concat(p || [w]);
        });
        if (!split.length) return outcome;
        return self.query(seq, parts.join(" ")).then(function (again) {
          if (!again) return null;
          var seen = {};
          results.forEach(function (r) { seen[r.id] = true; });
          var more = again.results.filter(function (r) { return !seen[r.id]; });
          if (!more.length) return outcome;
          outcome.view = new PlainList(results.concat(more));
          outcome.counts = again.counts;
          outcome.parts = { words: split, parts: parts };
          return outcome;
        });
      });
    });
  };

  /* The line under the result count: the correction searched instead, or "Meinten Sie …?", or
     the compound parts searched as well. Links search as if typed. */
  SearchUI.prototype.showNote = function (outcome) {
    var self = this;
    var note = this.note;
    note.textContent = "";
    function link(text, q, exact) {
      var params = new URLSearchParams();
      params.set("q", q);
      if (exact) params.set("exakt", "1");
      var a = el("a", { href: "?" + params.toString(), className: "pb-search__correction", text: text });
      a.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
        event.preventDefault();
        self.input.value = q;
        self.exactNext = !!exact;
        self.changed(true);
        self.input.focus();
      });
      return a;
    }
    if (outcome.corrected) {
      note.appendChild(el("span", { text: TEXT.correctedTo }));
      note.appendChild(el("strong", { text: "„" + outcome.corrected.to + "“" }));
      note.appendChild(document.createTextNode(TEXT.insteadSearch));
      note.appendChild(link("„" + outcome.corrected.from + "“", outcome.corrected.from, true));
    } else if (outcome.suggestion) {
      note.appendChild(document.createTextNode(TEXT.didYouMean));
      note.appendChild(link(outcome.suggestion, outcome.suggestion, false));
      note.appendChild(document.createTextNode("?"));
    } else if (outcome.parts) {
      note.appendChild(document.createTextNode(TEXT.parts(outcome.parts.words, outcome.parts.parts)));
    }
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
    var view = this.view;
    var total = view.total;
    var showSummary = !this.state.q.trim();

    return view.next(this.pageSize).then(function (datas) {
      if (seq !== self.seq || view !== self.view) return null;
      var fragment = document.createDocumentFragment();
      var firstLink = null;
      datas.forEach(function (data) {
        var item = self.renderResult(data, showSummary);
        if (!firstLink) firstLink = item.querySelector("a");
        fragment.appendChild(item);
      });
      if (!append) self.list.textContent = "";
      self.list.appendChild(fragment);
      self.shown += datas.length;
      self.hint.textContent = total === 0 ? TEXT.noneHint : "";
      self.setStatus(total === 0 ? TEXT.none : total === 1 ? TEXT.one : TEXT.many(total), false);
      self.shownInfo.textContent = total > self.pageSize ? TEXT.shown(self.shown, total) : "";
      self.moreButton.hidden = self.shown >= total;
      return firstLink;
    });
  };

  SearchUI.prototype.renderResult = function (data, showSummary) {
    var self = this;
    var meta = (data && data.meta) || {};
    var title = meta.title || data.url;
    var link = el("a", { href: safeHref(data.url), text: title });
    var metaParts = [];
    var children = [el("h3", { className: "pb-card__title" }, [link])];
    function addMeta(className, text) {
      if (metaParts.length) metaParts.push(el("span", { className: "pb-card__sep", "aria-hidden": "true", text: " · " }));
      metaParts.push(el("span", { className: className, text: text }));
    }
    if (meta.kommune) addMeta("pb-card__kommune", meta.kommune);
    if (meta.themen) addMeta("pb-card__themen", meta.themen);
    if (metaParts.length) children.push(el("p", { className: "pb-card__meta" }, metaParts));
    /* What a searcher decides on: status, reuse level, size class, cost band (the case's filter
       values, labelled as in the facet list) and how many other municipalities use it. */
    var facts = [];
    var filters = data.filters || {};
    CARD_FACTS.forEach(function (pair) {
      var value = (filters[pair[0]] || [])[0];
      if (value === undefined) return;
      facts.push(el("div", { className: "pb-card__fact" }, [
        el("dt", { text: pair[1] + ":" }), " ", el("dd", { text: self.valueLabel(pair[0], value) })]));
    });
    /* meta "nachnutzer": how many other municipalities use the case's solution */
    var adopters = parseInt(meta.nachnutzer, 10) || 0;
    facts.push(el("div", { className: "pb-card__fact pb-card__einsatz" + (adopters ? "" : " pb-card__fact--none") }, [
      el("dt", { text: TEXT.inUseLabel }), " ", el("dd", { text: TEXT.inUse(adopters) })]));
    children.push(el("dl", { className: "pb-card__facts" }, facts));
    var excerpt = el("p", { className: "pb-card__excerpt" });
    var best = showSummary ? null : bestExcerpt(data);
    if (best) {
      excerpt.innerHTML = safeExcerpt(best);
    } else {
      excerpt.textContent = meta.summary || "";
    }
    children.push(excerpt);
    return el("li", { className: "pb-card pb-result" }, children);
  };

  /* The label of a filter value, as the facet list has it. */
  SearchUI.prototype.valueLabel = function (key, value) {
    var label = value;
    this.config.forEach(function (conf) {
      if (conf.key !== key) return;
      conf.values.forEach(function (v) { if (v.value === value) label = v.label; });
    });
    return label;
  };

  /* The excerpt of a result: from the section of the case's own text (EXCERPT_SECTIONS) with the
     most weight of hits; null when the hits are only in the fact sheet or the related words. */
  function bestExcerpt(data) {
    var best = null, bestScore = 0;
    (data.sub_results || []).forEach(function (sub) {
      var hash = String(sub.url || "").split("#")[1] || "";
      if (!EXCERPT_SECTIONS[hash]) return;
      var score = (sub.weighted_locations || []).reduce(function (sum, l) { return sum + (l.balanced_score || l.weight || 0); }, 0);
      if (!score && sub.locations && sub.locations.length) score = sub.locations.length;
      if (score > bestScore) { best = sub.excerpt; bestScore = score; }
    });
    /* a section's heading is "·" (no word): not part of what the reader sees */
    return best === null ? null : String(best).replace(/(^|\s)·\.?(?=\s|$)/g, "$1").trim();
  }

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

  /* ------------------------------------------------------------------ preset */

  /* "Kommunen wie meine": the stored choice, checked against the facet values. Storage may be
     unavailable (privacy settings, sandboxed frames): then the choice lives as long as the page. */
  var presetMemory = null;

  function readStoredPreset() {
    var data = null;
    try {
      var raw = window.localStorage.getItem(PRESET_STORAGE);
      if (raw) data = JSON.parse(raw);
    } catch (e) { data = null; }
    if (!data || typeof data !== "object") data = presetMemory;
    if (!data || typeof data.groesse !== "string" || typeof data.land !== "string") return null;
    return { groesse: data.groesse, land: data.land };
  }

  function storePreset(choice) {
    presetMemory = { groesse: choice.groesse, land: choice.land };
    try {
      window.localStorage.setItem(PRESET_STORAGE, JSON.stringify(presetMemory));
    } catch (e) { warn("could not store the choice (localStorage)", e); }
  }

  /* The values the preset offers for one facet: [{value, label}] as configured. */
  SearchUI.prototype.presetValues = function (key) {
    var facet = this.facetByKey[key];
    if (!facet) return [];
    var conf = null;
    this.config.forEach(function (c) { if (c.key === key) conf = c; });
    return ((conf && conf.values) || []).filter(function (v) {
      return !(key === PRESET_SIZE && PRESET_SKIP[v.value]) && facet.boxes[v.value];
    });
  };

  SearchUI.prototype.presetLabel = function (key, value) {
    var found = null;
    this.presetValues(key).forEach(function (v) { if (v.value === value) found = v.label; });
    return found;
  };

  /* The stored choice if both of its values are still offered, else null. */
  SearchUI.prototype.presetChoice = function () {
    var choice = readStoredPreset();
    if (!choice) return null;
    if (this.presetLabel(PRESET_SIZE, choice.groesse) === null) return null;
    if (this.presetLabel(PRESET_STATE, choice.land) === null) return null;
    return choice;
  };

  SearchUI.prototype.buildPreset = function () {
    var self = this;
    var old = this.root.querySelector(".pb-preset");
    if (old) old.remove();
    this.preset = null;
    var sizes = this.presetValues(PRESET_SIZE);
    var states = this.presetValues(PRESET_STATE);
    if (!sizes.length || !states.length) return;

    function select(id, values) {
      return el("select", { id: id, name: id, required: true },
        [el("option", { value: "", text: TEXT.presetChoose })].concat(values.map(function (v) {
          return el("option", { value: v.value, text: v.label });
        })));
    }
    function field(id, label, control) {
      return el("div", { className: "pb-preset__field" }, [el("label", { "for": id, text: label }), control]);
    }

    var p = this.preset = {};
    p.button = el("button", { type: "button", id: "pb-preset", className: "pb-preset__button", text: TEXT.preset });
    p.current = el("span", { id: "pb-preset-current", className: "pb-preset__current" });
    p.change = el("button", { type: "button", id: "pb-preset-change", className: "pb-preset__change",
      "aria-controls": "pb-preset-form", "aria-expanded": "false" },
      [TEXT.presetChange, el("span", { className: "pb-sr-only", text: TEXT.presetChangeHidden })]);
    p.size = select("pb-preset-groesse", sizes);
    p.state = select("pb-preset-land", states);
    p.cancel = el("button", { type: "button", className: "pb-preset__cancel", text: TEXT.presetCancel });
    p.form = el("form", { id: "pb-preset-form", className: "pb-preset__form", "aria-labelledby": "pb-preset-legend" }, [
      el("fieldset", { className: "pb-preset__fieldset" }, [
        el("legend", { id: "pb-preset-legend", className: "pb-preset__legend", text: TEXT.presetLegend }),
        el("p", { className: "pb-preset__intro", text: TEXT.presetIntro }),
        el("div", { className: "pb-preset__fields" }, [
          field("pb-preset-groesse", TEXT.presetSize, p.size),
          field("pb-preset-land", TEXT.presetState, p.state)
        ]),
        el("div", { className: "pb-preset__actions" }, [
          el("button", { type: "submit", className: "pb-preset__apply", text: TEXT.presetApply }),
          p.cancel
        ])
      ])
    ]);
    p.form.hidden = true;
    p.status = el("p", { id: "pb-preset-status", className: "pb-preset__status", role: "status", "aria-live": "polite" });
    p.box = el("div", { className: "pb-preset" }, [
      el("div", { className: "pb-preset__bar" }, [p.button, " ", p.current, " ", p.change]),
      p.form
    ]);

    p.button.addEventListener("click", function () {
      var choice = self.presetChoice();
      if (choice) {
        if (!p.form.hidden) self.closePresetForm(false);
        self.applyPreset(choice);
      } else if (p.form.hidden) {
        self.openPresetForm();
      } else {
        self.closePresetForm(true);
      }
    });
    p.change.addEventListener("click", function () {
      if (p.form.hidden) self.openPresetForm();
      else self.closePresetForm(true);
    });
    p.cancel.addEventListener("click", function () { self.closePresetForm(true); });
    p.form.addEventListener("keydown", function (event) {
      if (event.key === "Escape" || event.key === "Esc") {
        event.preventDefault();
        self.closePresetForm(true);
      }
    });
    p.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var choice = { groesse: p.size.value, land: p.state.value };
      if (!choice.groesse || !choice.land) {
        (choice.groesse ? p.state : p.size).focus();
        return;
      }
      storePreset(choice);
      self.closePresetForm(true);
      self.applyPreset(choice);
    });

    this.root.insertBefore(p.box, this.layout);
    /* The message goes under the result count: the count stays the page's first status region. */
    this.main.insertBefore(p.status, this.status.nextSibling);
    this.updatePresetBar();
  };

  /* The button's state: with a stored choice it applies it (described next to it, with "ändern");
     without one it opens the form, so it is a disclosure button. */
  SearchUI.prototype.updatePresetBar = function () {
    var p = this.preset;
    var choice = this.presetChoice();
    var open = !p.form.hidden;
    p.change.setAttribute("aria-expanded", open ? "true" : "false");
    if (choice) {
      p.current.textContent = TEXT.presetCurrent(
        TEXT.presetSizePhrase(this.presetLabel(PRESET_SIZE, choice.groesse)),
        this.presetLabel(PRESET_STATE, choice.land));
      p.current.hidden = false;
      p.change.hidden = false;
      p.button.setAttribute("aria-describedby", "pb-preset-current");
      p.button.removeAttribute("aria-expanded");
      p.button.removeAttribute("aria-controls");
    } else {
      p.current.textContent = "";
      p.current.hidden = true;
      p.change.hidden = true;
      p.button.removeAttribute("aria-describedby");
      p.button.setAttribute("aria-controls", "pb-preset-form");
      p.button.setAttribute("aria-expanded", open ? "true" : "false");
    }
  };

  SearchUI.prototype.openPresetForm = function () {
    var p = this.preset;
    var filters = this.state.filters;
    var choice = this.presetChoice();
    /* Preselect: the stored choice, else a single value ticked now, else "Bitte wählen". */
    function initial(key, stored) {
      if (stored) return stored;
      var ticked = filters[key] || [];
      return ticked.length === 1 ? ticked[0] : "";
    }
    p.size.value = initial(PRESET_SIZE, choice && choice.groesse);
    if (p.size.value === "" || p.size.selectedIndex < 0) p.size.value = "";
    p.state.value = initial(PRESET_STATE, choice && choice.land);
    if (p.state.value === "" || p.state.selectedIndex < 0) p.state.value = "";
    p.form.hidden = false;
    this.updatePresetBar();
    p.size.focus();
  };

  SearchUI.prototype.closePresetForm = function (refocus) {
    var p = this.preset;
    p.form.hidden = true;
    this.updatePresetBar();
    if (refocus) p.button.focus();
  };

  /* Tick exactly the chosen size class and state (other values of these two facets are
     unticked, everything else stays), as if the reader had done it, and search again. */
  SearchUI.prototype.applyPreset = function (choice) {
    var self = this;
    [[PRESET_SIZE, choice.groesse], [PRESET_STATE, choice.land]].forEach(function (pair) {
      var facet = self.facetByKey[pair[0]];
      Object.keys(facet.boxes).forEach(function (v) { facet.boxes[v].checked = v === pair[1]; });
      facet.details.open = true;
    });
    this.changed(true);
    this.presetSay(TEXT.presetApplied(
      TEXT.presetSizePhrase(this.presetLabel(PRESET_SIZE, choice.groesse)),
      TEXT.presetStatePhrase(choice.land, this.presetLabel(PRESET_STATE, choice.land))));
  };

  /* The preset's live message; emptied first so that the same text is announced again. */
  SearchUI.prototype.presetSay = function (text) {
    var p = this.preset;
    if (!p) return;
    clearTimeout(this.presetTimer);
    p.status.textContent = "";
    if (text) this.presetTimer = setTimeout(function () { p.status.textContent = text; }, 100);
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
