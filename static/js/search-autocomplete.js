/* Title suggestions under the search fields (the header's box and the search page's field), as progressive
   enhancement: without this script the form still submits its GET to the search page.
   As the citizen types (2 characters or more, after a short pause), titles whose words start with their text come
   from GET /api/search/autocomplete/ (the URL is the field's data-search-suggestions attribute) and are listed under
   the field as links: choosing one opens that page; Enter in the field still searches what was typed. Keyboard: Down
   arrow from the field to the list, Up/Down inside it, Escape closes it and goes back to the field. A polite live
   region says how many titles are proposed. No inline script, nothing from another origin (the
   Content-Security-Policy). */
(function () {
    "use strict";
    var DELAY = 250;
    var MIN_LENGTH = 2;
    var LIMIT = 8;

    function setUp(input, index) {
        var url = input.getAttribute("data-search-suggestions");
        var language = document.documentElement.getAttribute("lang") || "fr";
        function text(name, fallback) { return input.getAttribute("data-search-text-" + name) || fallback; }
        var box = document.createElement("div");
        box.className = "search-suggestions";
        var status = document.createElement("p");
        status.className = "visually-hidden";
        status.id = "search-suggestions-status-" + index;
        status.setAttribute("aria-live", "polite");
        var list = document.createElement("ul");
        list.className = "search-suggestions__list";
        list.id = "search-suggestions-list-" + index;
        list.hidden = true;
        list.setAttribute("aria-label", text("list", "Titres proposés"));
        box.appendChild(status);
        box.appendChild(list);
        // After the field's row (the field and its button), so that the list opens under both.
        var anchor = input.parentElement && input.parentElement.tagName !== "FORM" ? input.parentElement : input;
        anchor.insertAdjacentElement("afterend", box);
        input.setAttribute("aria-controls", list.id);

        var timer = null;
        var asked = 0;
        var lastQuery = input.value.trim();

        function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

        function close() {
            list.hidden = true;
            while (list.firstChild) { list.removeChild(list.firstChild); }
        }

        function show(results) {
            close();
            results.forEach(function (result) {
                var item = document.createElement("li");
                var link = document.createElement("a");
                link.className = "search-suggestions__choice";
                link.href = result.url;
                link.textContent = result.title;
                if (result.kind_label) {
                    var kind = document.createElement("span");
                    kind.className = "search-suggestions__kind";
                    kind.textContent = " — " + result.kind_label;
                    link.appendChild(kind);
                }
                item.appendChild(link);
                list.appendChild(item);
            });
            list.hidden = results.length === 0;
            status.textContent = results.length === 0
                ? text("none", "Aucun titre proposé.")
                : text(results.length === 1 ? "one" : "some", "{count} titres proposés sous le champ.")
                    .replace("{count}", String(results.length));
        }

        function ask() {
            var query = input.value.trim();
            if (query === lastQuery) { return; }
            lastQuery = query;
            if (query.length < MIN_LENGTH) { close(); status.textContent = ""; return; }
            var number = ++asked;
            var address = url + "?" + new URLSearchParams({ q: query, limit: String(LIMIT), lang: language }).toString();
            fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" })
                .then(function (response) { return response.ok ? response.json() : { results: [] }; })
                .then(function (body) { if (number === asked) { show(body.results || []); } })
                .catch(function () { if (number === asked) { close(); } });
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(ask, DELAY);
        });
        input.addEventListener("keydown", function (event) {
            if (event.key === "ArrowDown" && !list.hidden) {
                var first = links()[0];
                if (first) { event.preventDefault(); first.focus(); }
            } else if (event.key === "Escape" && !list.hidden) {
                event.preventDefault();
                close();
            }
        });
        list.addEventListener("keydown", function (event) {
            var all = links();
            var position = all.indexOf(document.activeElement);
            if (event.key === "ArrowDown" && position < all.length - 1) {
                event.preventDefault();
                all[position + 1].focus();
            } else if (event.key === "ArrowUp") {
                event.preventDefault();
                if (position > 0) { all[position - 1].focus(); } else { input.focus(); }
            } else if (event.key === "Escape") {
                event.preventDefault();
                close();
                input.focus();
            }
        });
        // Leaving the field and its list (Tab, a click elsewhere) closes the list.
        box.parentElement.addEventListener("focusout", function (event) {
            var next = event.relatedTarget;
            if (next && (next === input || box.contains(next))) { return; }
            window.setTimeout(function () {
                var active = document.activeElement;
                if (active !== input && !box.contains(active)) { close(); }
            }, 0);
        });
    }

    Array.prototype.forEach.call(document.querySelectorAll("input[data-search-suggestions]"), setUp);
})();
