// The listings' filters, sorting and pages, over the index that the site writes in du-lieu/danh-sach/
// (index.json, then the proposals in parts). Without this script the static pages work alone: cards,
// page links and links to the listings by field, unit, year and status.
//
// Proposal text is data here: every value is written with textContent or as an attribute's value,
// never as HTML. Titles and names are sorted with Vietnamese collation, counts written 1.000.
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !window.fetch || !window.URLSearchParams) return;
  var root = new URL("../", script.src); // assets/listing.js: the site's root is one folder up
  var collator = new Intl.Collator("vi");
  var numbers = new Intl.NumberFormat("vi-VN");
  var DIMENSIONS = ["field", "unit", "year", "status"];
  var PARAMETERS = { field: "linh-vuc", unit: "don-vi", year: "nam", status: "trang-thai", sort: "sap-xep", page: "trang" };
  var SORTS = ["ngay", "ngay-cu", "ten", "don-vi"];
  var SORT_LABELS = { ngay: "sort_date", "ngay-cu": "sort_date_old", ten: "sort_title", "don-vi": "sort_unit" };
  var FLAGS = { successful: 1, ongoing: 2 };
  var PAGER_SPAN = 2;

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return key in values ? values[key] : "";
    });
  }

  function day(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return parts ? parts[3] + "/" + parts[2] + "/" + parts[1] : iso || "";
  }

  function start(cards) {
    // What the page shows without the script: its preset filter and its page, from the list's classes.
    var preset = { field: "", unit: "", year: "", status: "", group: "" };
    var staticPage = 1;
    cards.classList.forEach(function (name) {
      var preset_ = /^registry-preset--(\w+)--(.+)$/.exec(name);
      if (preset_ && preset_[1] in preset) preset[preset_[1]] = preset_[2];
      var page = /^registry-page--(\d+)$/.exec(name);
      if (page) staticPage = Number(page[1]);
    });

    var base = new URL("du-lieu/danh-sach/", root);
    fetch(new URL("index.json", base))
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (index) {
        var view = setUp(cards, index, preset, staticPage);
        // The parts load together; the form waits for all of them, the static page showing meanwhile.
        return Promise.all(
          index.parts.map(function (part) {
            return fetch(new URL(part, base)).then(function (response) {
              if (!response.ok) throw new Error(response.status);
              return response.json();
            });
          })
        ).then(function (parts) {
          view.ready([].concat.apply([], parts));
        }, view.failed);
      })
      .catch(function () {});
  }

  function setUp(cards, index, preset, staticPage) {
    var labels = index.labels;
    var records = [];
    var orders = {};
    var unitRank = null;
    var keys = null;
    var codes = null;
    var state = null;

    var form = element("form", "registry-listing__form");
    form.setAttribute("aria-label", labels.filters);
    var controls = element("div", "registry-listing__controls");
    var selects = {};
    var optionNames = {};

    function addSelect(name, text) {
      var wrap = element("div", "registry-listing__control");
      var id = "registry-listing-" + name;
      var label = element("label", "registry-listing__label", text);
      label.htmlFor = id;
      var select = element("select", "registry-listing__select");
      select.id = id;
      select.name = PARAMETERS[name];
      select.disabled = true;
      wrap.appendChild(label);
      wrap.appendChild(select);
      controls.appendChild(wrap);
      selects[name] = select;
      return select;
    }

    DIMENSIONS.forEach(function (name) {
      addSelect(name, labels[name]);
    });
    var sort = addSelect("sort", labels.sort);
    sort.parentNode.classList.add("registry-listing__control--wide");
    SORTS.forEach(function (key) {
      var option = element("option", "", labels[SORT_LABELS[key]]);
      option.value = key;
      sort.appendChild(option);
    });
    var reset = element("button", "registry-listing__reset", labels.reset);
    reset.type = "button";
    reset.disabled = true;
    controls.appendChild(reset);
    form.appendChild(controls);
    if (preset.group) form.appendChild(element("p", "registry-listing__group", fill(labels.in_group, { group: labels[preset.group] })));
    var status = element("p", "registry-listing__status", labels.loading);
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.appendChild(status);
    var pager = element("nav", "registry-listing__pager");
    pager.setAttribute("aria-label", labels.pages);

    var summary = document.querySelector(".registry-listing__summary");
    var links = document.querySelector("ul.registry-filters");
    var staticPager = document.querySelector("ul.registry-pager");
    cards.parentNode.insertBefore(form, links || cards);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });

    function options(name, entries) {
      // entries: [value, name], sorted by name as Vietnamese sort it (years: the latest first).
      var select = selects[name];
      var any = element("option", "", labels.any);
      any.value = "";
      select.appendChild(any);
      optionNames[name] = {};
      entries.forEach(function (entry) {
        var option = element("option", "", entry[1]);
        option.value = entry[0];
        optionNames[name][entry[0]] = entry[1];
        select.appendChild(option);
      });
    }

    function byName(a, b) {
      return collator.compare(a[1], b[1]);
    }

    function read() {
      var query = new URLSearchParams(location.search);
      var fromQuery = Object.keys(PARAMETERS).some(function (name) {
        return query.has(PARAMETERS[name]);
      });
      var next = { sort: "ngay", page: staticPage };
      DIMENSIONS.forEach(function (name) {
        next[name] = fromQuery ? query.get(PARAMETERS[name]) || "" : preset[name];
      });
      if (fromQuery) {
        next.sort = SORTS.indexOf(query.get(PARAMETERS.sort)) >= 0 ? query.get(PARAMETERS.sort) : "ngay";
        next.page = Math.max(1, parseInt(query.get(PARAMETERS.page), 10) || 1);
      }
      return next;
    }

    function address(of) {
      var query = new URLSearchParams();
      DIMENSIONS.forEach(function (name) {
        if (of[name]) query.set(PARAMETERS[name], of[name]);
      });
      query.set(PARAMETERS.sort, of.sort);
      query.set(PARAMETERS.page, String(of.page));
      return "?" + query.toString();
    }

    function order(key) {
      // Each order is made once (positions in the index), then filtered in one pass: the index comes
      // in the default order.
      if (orders[key]) return orders[key];
      var list = Array.from(records.keys());
      if (key === "ngay-cu") list.reverse();
      else if (key === "ten") list.sort(function (a, b) { return collator.compare(records[a][1], records[b][1]) || a - b; });
      else if (key === "don-vi") list.sort(function (a, b) { return unitRank[records[a][2]] - unitRank[records[b][2]] || a - b; });
      orders[key] = Int32Array.from(list);
      return orders[key];
    }

    function encode() {
      // Each record's field, unit, year and status as a number: the filters compare numbers.
      var years = Array.from(new Set(records.map(function (r) { return r[6] === null ? "" : String(r[6]); })));
      keys = [index.fields.map(function (f) { return f[0]; }), index.units.map(function (u) { return u[0]; }), years,
              index.statuses.map(function (s) { return s[0]; })];
      codes = keys.map(function () { return new Int32Array(records.length); });
      records.forEach(function (r, i) {
        codes[0][i] = r[4];
        codes[1][i] = r[2];
        codes[2][i] = years.indexOf(r[6] === null ? "" : String(r[6]));
        codes[3][i] = r[5];
      });
    }

    function card(record) {
      var item = element("li", "registry-card");
      var heading = element("h2", "registry-card__title");
      var link = element("a", "", record[1]);
      link.href = new URL("de-xuat/" + encodeURIComponent(record[0]) + "/", root).href;
      heading.appendChild(link);
      item.appendChild(heading);
      var facts = element("p", "registry-card__facts");
      var statusEntry = index.statuses[record[5]];
      facts.appendChild(element("span", "registry-badge registry-badge--" + statusEntry[0], statusEntry[1]));
      facts.appendChild(document.createTextNode(" "));
      var current = index.units[record[2]][1];
      var unit = record[3] === null ? current : record[3] + " (" + labels.now + " " + current + ")";
      facts.appendChild(element("span", "registry-card__unit", unit));
      facts.appendChild(document.createTextNode(" · "));
      facts.appendChild(element("span", "registry-card__field", index.fields[record[4]][1]));
      item.appendChild(facts);
      item.appendChild(element("p", "registry-card__facts", labels.decided + ": " + day(record[7]) + " · " + record[0]));
      return item;
    }

    function pageLink(page, text, current) {
      var item = element("li");
      var link = element("a", current ? "registry-pager__current" : "", text);
      link.href = address(Object.assign({}, state, { page: page }));
      if (current) link.setAttribute("aria-current", "page");
      if (text !== String(page)) link.title = fill(labels.page, { page: String(page) });
      else link.setAttribute("aria-label", fill(labels.page, { page: String(page) }));
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        go(Object.assign({}, state, { page: page }), true);
        form.scrollIntoView({ block: "start" });
      });
      item.appendChild(link);
      return item;
    }

    function renderPager(page, pages) {
      var list = element("ul", "registry-pager");
      if (page > 1) list.appendChild(pageLink(page - 1, labels.previous, false));
      var shown = [];
      for (var n = 1; n <= pages; n++) {
        if (n === 1 || n === pages || Math.abs(n - page) <= PAGER_SPAN) shown.push(n);
      }
      shown.forEach(function (n, i) {
        if (i && n - shown[i - 1] > 1) {
          var gap = element("li");
          gap.appendChild(element("span", "registry-pager__gap", "…"));
          list.appendChild(gap);
        }
        list.appendChild(pageLink(n, String(n), n === page));
      });
      if (page < pages) list.appendChild(pageLink(page + 1, labels.next, false));
      pager.replaceChildren(pages > 1 ? list : element("span"));
    }

    function render() {
      var wanted = DIMENSIONS.map(function (name, d) { return state[name] ? keys[d].indexOf(state[name]) : -1; });
      var counts = keys.map(function (values) { return new Int32Array(values.length); });
      var flag = FLAGS[preset.group] || 0;
      var found = [];
      var list = order(state.sort);
      // One pass: a record that fails no filter is found and counts for every filter's options; one
      // that fails a single filter counts for that filter's options only (what choosing it would find).
      for (var i = 0; i < list.length; i++) {
        var at = list[i];
        if (flag && !(records[at][8] & flag)) continue;
        var failed = -1;
        var failures = 0;
        for (var d = 0; d < 4; d++) {
          if (wanted[d] !== -1 && codes[d][at] !== wanted[d]) {
            failed = d;
            if (++failures > 1) break;
          }
        }
        if (failures === 0) {
          found.push(records[at]);
          for (d = 0; d < 4; d++) counts[d][codes[d][at]]++;
        } else if (failures === 1) {
          counts[failed][codes[failed][at]]++;
        }
      }
      DIMENSIONS.forEach(function (name, d) {
        var select = selects[name];
        select.value = state[name];
        if (select.value !== state[name]) select.value = "";
        for (var o = 1; o < select.options.length; o++) {
          var option = select.options[o];
          var place = keys[d].indexOf(option.value);
          var text = optionNames[name][option.value] + " (" + numbers.format(place === -1 ? 0 : counts[d][place]) + ")";
          if (option.textContent !== text) option.textContent = text;
        }
      });
      sort.value = state.sort;
      var size = index.page_size;
      var pages = Math.max(1, Math.ceil(found.length / size));
      var page = Math.min(state.page, pages);
      cards.replaceChildren.apply(cards, found.slice((page - 1) * size, page * size).map(card));
      renderPager(page, pages);
      status.textContent = found.length
        ? fill(labels.found, { count: numbers.format(found.length), page: numbers.format(page), pages: numbers.format(pages) })
        : labels.empty;
      reset.disabled = DIMENSIONS.every(function (name) { return !state[name]; }) && state.sort === "ngay";
    }

    function go(next, push) {
      state = next;
      if (push) history.pushState(null, "", address(state));
      render();
    }

    function changed() {
      var next = { sort: sort.value, page: 1 };
      DIMENSIONS.forEach(function (name) {
        next[name] = selects[name].value;
      });
      go(next, true);
    }

    return {
      ready: function (rows) {
        records = rows;
        unitRank = index.units.map(function () { return 0; });
        index.units
          .map(function (unit, i) { return [i, unit[1]]; })
          .sort(byName)
          .forEach(function (entry, rank) { unitRank[entry[0]] = rank; });
        var years = {};
        rows.forEach(function (r) {
          if (r[6] !== null) years[r[6]] = true;
        });
        encode();
        options("field", index.fields.slice().sort(byName));
        options("unit", index.units.slice().sort(byName));
        options("year", Object.keys(years).sort(function (a, b) { return b - a; }).map(function (y) { return [y, y]; }));
        options("status", index.statuses);
        Object.keys(selects).forEach(function (name) {
          selects[name].disabled = false;
          selects[name].addEventListener("change", changed);
        });
        reset.disabled = false;
        reset.addEventListener("click", function () {
          go({ field: "", unit: "", year: "", status: "", sort: "ngay", page: 1 }, true);
        });
        window.addEventListener("popstate", function () {
          go(read(), false);
        });
        // The script's own list, pages and count stand in for the static ones.
        [summary, links, staticPager].forEach(function (node) {
          if (node) node.hidden = true;
        });
        cards.parentNode.insertBefore(pager, cards.nextSibling);
        go(read(), false);
        document.documentElement.classList.add("registry-listing-ready");
        // The other orders are made while the visitor reads, so that choosing one shows it at once.
        setTimeout(function () {
          SORTS.forEach(order);
        }, 0);
      },
      failed: function () {
        status.textContent = labels.failed;
        controls.hidden = true;
      },
    };
  }

  function run() {
    var cards = document.querySelector("ul.registry-cards");
    if (cards) start(cards);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
