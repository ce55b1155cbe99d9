/* « Régie du débat » (admin): reload the polls' and questions' lists every ten seconds, from the same view with
   ?fragment=1, unless the organiser is typing in them (a hide reason) or the tab is hidden. */
(function () {
    "use strict";
    var box = document.querySelector("[data-regie-lists]");
    if (!box || !window.fetch) { return; }
    var url = box.getAttribute("data-refresh-url");
    function busy() {
        var active = document.activeElement;
        return active && box.contains(active) && (active.tagName === "INPUT" || active.tagName === "TEXTAREA") && active.value;
    }
    window.setInterval(function () {
        if (document.hidden || busy()) { return; }
        fetch(url, { credentials: "same-origin" })
            .then(function (response) { return response.ok ? response.text() : null; })
            .then(function (html) { if (html !== null && !busy()) { box.innerHTML = html; } })
            .catch(function () {});
    }, 10000);
}());
