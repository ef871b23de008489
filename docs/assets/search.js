// Search with Pagefind's JavaScript API, on the search page only, loaded from this site (no third party).
// The index holds a small page per proposal (mkdocs_hook.py, site.search_page); results show its
// fields as text (textContent), never as HTML.
(function () {
  var script = document.currentScript;
  var root = new URL("../", script.src); // the site's root, wherever it is served (a project's folder)
  var SHOWN = 20;

  // What the index holds is NFC (the loader refuses anything else), but some keyboards type tone marks
  // as combining characters: the query is made NFC too. "đ" needs nothing here: the index holds each
  // word with "đ" also with "d" (site.fold_d), and Pagefind folds the other diacritics itself.
  function normalise(query) {
    return query.normalize("NFC").replace(/\s+/g, " ").trim();
  }

  var pagefind = null;
  function engine() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options({ baseUrl: root.pathname,
          // Prefer whole syllables to longer words that merely start with the query's ("sơ" is not "sơn").
          ranking: { termSimilarity: 6.0 } }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  // Text as compared for ranking: lower case, words separated by single spaces, padded; folded drops
  // every diacritic, "đ" included.
  function words(text) {
    return " " + text.normalize("NFC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim() + " ";
  }
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFC");
  }

  // How well ``page`` matches: the query as a phrase in the title, then anywhere, as typed then
  // without diacritics; then how many of its syllables appear whole and as typed. Pagefind alone
  // folds "số" to match "sở" and "sơ", and ranks a page that has both "sở" and "hóa" above "số hóa".
  function closeness(page, query) {
    var asked = words(query), syllables = asked.trim().split(" ");
    var title = words((page.meta && page.meta.title) || ""), content = words(page.content || "");
    var exact = syllables.filter(function (s) { return content.indexOf(" " + s + " ") >= 0; }).length;
    return [title.indexOf(asked) >= 0, content.indexOf(asked) >= 0,
      fold(title).indexOf(fold(asked)) >= 0, fold(content).indexOf(fold(asked)) >= 0, exact];
  }
  function better(a, b) {
    for (var i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return b.rank[i] - a.rank[i];
    return a.order - b.order; // otherwise Pagefind's order
  }

  // The results of ``query``: [{url, meta, content}] best first. The first RANKED of Pagefind's are
  // ranked again (see closeness); they are small pages (title, summary, unit…), one fetch each.
  // Exposed for the tests (tests/test_search.py).
  var RANKED = 40;
  function find(query, filters) {
    var text = normalise(query);
    if (!text) return Promise.resolve([]);
    return engine().then(function (module) {
      return module.search(text, filters ? { filters: filters } : {});
    }).then(function (search) {
      if (!search) return [];
      return Promise.all(search.results.slice(0, RANKED).map(function (r) { return r.data(); }))
        .then(function (pages) {
          var ranked = pages.map(function (page, order) {
            return { page: page, order: order, rank: closeness(page, text).map(Number) };
          }).sort(better).slice(0, SHOWN).map(function (entry) { return entry.page; });
          ranked.total = search.results.length;
          return ranked;
        });
    });
  }
  window.registrySearch = { find: find, normalise: normalise };

  // Numbers as Vietnamese write them: 1.000.
  function number(value) {
    return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // The words shown, from the catalogue: the theme writes them on the header's search form
  // (overrides/main.html, data-* attributes, escaped there); {query}, {total}, {shown} are filled here.
  function words_of(form) {
    var data = (form && form.dataset) || {};
    return { label: data.label || "", placeholder: data.placeholder || "", found: data.found || "",
      more: data.more || "", none: data.none || "" };
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? String(values[name]) : all; });
  }

  function start() {
    var box = document.querySelector(".registry-search");
    if (!box) return;
    var says = words_of(document.querySelector(".registry-header-search"));
    var form = element("form", "registry-search__form");
    form.setAttribute("role", "search");
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    var label = element("label", "registry-search__label", says.label);
    label.htmlFor = "registry-search-q";
    var input = element("input", "registry-search__input");
    input.id = "registry-search-q";
    input.type = "search";
    input.name = "q";
    input.autocomplete = "off";
    input.placeholder = says.placeholder;
    form.append(label, input);
    var status = element("p", "registry-search__status");
    status.setAttribute("role", "status"); // announced by screen readers as it changes (aria-live polite)
    status.setAttribute("aria-live", "polite");
    var list = element("ol", "registry-search__results");
    box.replaceChildren(form, status, list);

    var latest = 0;
    var timer = null;
    function run() {
      var query = input.value;
      var url = new URL(location.href);
      if (normalise(query)) url.searchParams.set("q", query); else url.searchParams.delete("q");
      history.replaceState(null, "", url); // the query in the address, so that a search can be shared
      var asked = ++latest;
      find(query).then(function (pages) {
        if (asked !== latest) return; // a later query is on its way
        list.replaceChildren.apply(list, pages.map(result));
        var text = normalise(query);
        var values = { query: text, total: number(pages.total), shown: number(pages.length) };
        status.textContent = !text ? "" : pages.length
          ? fill(says.found, values) + (pages.total > pages.length ? fill(says.more, values) : "") + "."
          : fill(says.none, values);
      });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    var query = new URLSearchParams(location.search).get("q");
    if (query) { input.value = query; run(); }
  }

  function result(page) {
    var meta = page.meta || {};
    var item = element("li", "registry-search__result");
    var link = element("a", "registry-search__link", meta.title || page.url);
    link.href = page.url;
    var heading = element("h2", "registry-search__title");
    heading.append(link);
    var facts = [meta.id, meta.status, meta.unit, meta.year].filter(Boolean).join(" · ");
    item.append(heading, element("p", "registry-search__facts", facts), element("p", "registry-search__summary", meta.summary || ""));
    return item;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
