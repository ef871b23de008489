// Search with Pagefind: on the search page only, load its UI from this site (no third party).
(function () {
  var script = document.currentScript;
  function start() {
    var box = document.querySelector(".registry-search");
    if (!box) return;
    var base = new URL("../pagefind/", script.src);
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("pagefind-ui.css", base);
    document.head.appendChild(css);
    var ui = document.createElement("script");
    ui.src = new URL("pagefind-ui.js", base);
    ui.onload = function () {
      var search = new PagefindUI({ element: box, showSubResults: false, showImages: false,
        translations: { placeholder: "Tìm đề xuất", zero_results: "Không tìm thấy kết quả cho [SEARCH_TERM]" } });
      var query = new URLSearchParams(location.search).get("q");
      if (query) search.triggerSearch(query);
    };
    document.head.appendChild(ui);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
