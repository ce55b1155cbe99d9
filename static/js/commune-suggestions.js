/* Suggestions under the commune field of the sign-up and profile forms (progressive enhancement: without this script
   the field still takes a name or an INSEE code, and its help text links to the same suggestions as a page).
   As the citizen types, the communes their text may designate come from GET /api/territories/communes/ (the URL is
   the field's data-commune-suggestions attribute) and are listed under the field as buttons; a button puts
   « Nantes (44109) » in the field, which the form reads as that one commune. Keyboard: Down arrow from the field to
   the list, Up/Down inside it, Escape closes it and goes back to the field. A polite live region says how many
   communes are proposed. No inline script, nothing from another origin (the Content-Security-Policy). */
(function () {
    "use strict";
    var DELAY = 250;
    var MIN_LENGTH = 2;
    var LIMIT = 8;

    function setUp(input, index) {
        var url = input.getAttribute("data-commune-suggestions");
        // The words, in the page's language, from the field's attributes (cms/accounts/forms.py).
        function text(name, fallback) { return input.getAttribute("data-commune-text-" + name) || fallback; }
        var box = document.createElement("div");
        box.className = "commune-suggestions";
        var status = document.createElement("p");
        status.className = "visually-hidden";
        status.id = "commune-suggestions-status-" + index;
        // A polite live region, without role="status": the page's messages are its one status.
        status.setAttribute("aria-live", "polite");
        var list = document.createElement("ul");
        list.className = "commune-suggestions__list";
        list.hidden = true;
        list.setAttribute("aria-label", text("list", "Communes proposées"));
        box.appendChild(status);
        box.appendChild(list);
        input.insertAdjacentElement("afterend", box);

        var timer = null;
        var asked = 0;
        var lastQuery = "";

        function buttons() { return Array.prototype.slice.call(list.querySelectorAll("button")); }

        function close() {
            list.hidden = true;
            while (list.firstChild) { list.removeChild(list.firstChild); }
        }

        function choose(result) {
            input.value = result.label;
            lastQuery = result.label;
            close();
            status.textContent = text("chosen", "Commune choisie : {label}.").replace("{label}", result.label);
            input.focus();
        }

        function show(results) {
            close();
            results.forEach(function (result) {
                var item = document.createElement("li");
                var button = document.createElement("button");
                button.type = "button";
                button.className = "commune-suggestions__choice";
                button.textContent = result.label + (result.departement ? " — " + result.departement : "");
                button.addEventListener("click", function () { choose(result); });
                item.appendChild(button);
                list.appendChild(item);
            });
            list.hidden = results.length === 0;
            status.textContent = results.length === 0
                ? text("none", "Aucune commune proposée.")
                : text(results.length === 1 ? "one" : "some", "{count} communes proposées sous le champ.")
                    .replace("{count}", String(results.length));
        }

        function ask() {
            var query = input.value.trim();
            if (query === lastQuery) { return; }
            lastQuery = query;
            if (query.length < MIN_LENGTH) { close(); status.textContent = ""; return; }
            var number = ++asked;
            var address = url + "?" + new URLSearchParams({ q: query, limit: String(LIMIT) }).toString();
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
                var first = buttons()[0];
                if (first) { event.preventDefault(); first.focus(); }
            } else if (event.key === "Escape" && !list.hidden) {
                event.preventDefault();
                close();
            }
        });
        list.addEventListener("keydown", function (event) {
            var all = buttons();
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
    }

    Array.prototype.forEach.call(document.querySelectorAll("input[data-commune-suggestions]"), setUp);
})();
