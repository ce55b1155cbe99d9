/* The answers of a survey survive a refused submission. When the form is sent, its answers are kept in the tab's
   sessionStorage; if the server refuses it because its security token had expired (templates/403_csrf.html), the
   visitor goes back to the form and finds the answers again, restored once and then forgotten. A page that shows
   the form with the server's own values (an error summary) or no form at all (the vote went through) forgets them
   at once: nothing of a ballot stays in the browser longer than needed. */
(function () {
    "use strict";
    var PREFIX = "aimpact:form-draft:";
    var SKIPPED = { csrfmiddlewaretoken: true, next: true };
    var storage;
    try { storage = window.sessionStorage; } catch (error) { return; }
    if (!storage) { return; }

    function keyOf(form) { return PREFIX + new URL(form.action, document.baseURI).pathname; }

    function save(form) {
        var values = [];
        Array.prototype.forEach.call(form.elements, function (field) {
            if (!field.name || SKIPPED[field.name] || field.type === "submit" || field.type === "button") { return; }
            if ((field.type === "radio" || field.type === "checkbox") && !field.checked) { return; }
            values.push([field.name, field.value]);
        });
        try { storage.setItem(keyOf(form), JSON.stringify(values)); } catch (error) { /* storage full or refused */ }
    }

    function restore(form, values) {
        Array.prototype.forEach.call(form.elements, function (field) {
            if (!field.name || SKIPPED[field.name]) { return; }
            var mine = values.filter(function (pair) { return pair[0] === field.name; }).map(function (pair) { return pair[1]; });
            if (field.type === "radio" || field.type === "checkbox") {
                field.checked = mine.indexOf(field.value) !== -1;
            } else if (field.tagName === "SELECT" || field.tagName === "TEXTAREA" || field.type === "text" || field.type === "number") {
                if (mine.length) { field.value = mine[0]; }
            }
        });
        // Conditional questions follow the restored answers (static/js/survey.js listens to "change").
        form.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function forgetAll() {
        for (var index = storage.length - 1; index >= 0; index -= 1) {
            var key = storage.key(index);
            if (key && key.indexOf(PREFIX) === 0) { storage.removeItem(key); }
        }
    }

    if (document.querySelector("[data-form-drafts='keep']")) { return; }  // the expired-form page
    var forms = document.querySelectorAll("form.survey-form");
    if (!forms.length) { forgetAll(); return; }
    var serverShowsValues = Boolean(document.getElementById("erreurs"));
    Array.prototype.forEach.call(forms, function (form) {
        var key = keyOf(form);
        var kept = storage.getItem(key);
        storage.removeItem(key);
        if (kept && !serverShowsValues) {
            try { restore(form, JSON.parse(kept)); } catch (error) { /* a draft from an older page: ignored */ }
        }
        form.addEventListener("submit", function () { save(form); });
    });
})();
