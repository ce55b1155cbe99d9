/* Progressive enhancement of the survey form: a question asked only after a given answer
   is hidden until that answer is chosen. Without JavaScript every question shows, with a
   sentence saying when to answer it, and the server ignores answers that do not apply.
   The questions shown are numbered 1, 2, 3... whatever is hidden, and the error summary
   names them by those numbers. */
(function () {
    "use strict";
    function update(form) {
        form.querySelectorAll("[data-condition-question]").forEach(function (fieldset) {
            var source = form.querySelector("#" + CSS.escape(fieldset.dataset.conditionQuestion));
            if (!source) { return; }
            var wanted = fieldset.dataset.conditionChoice;
            var chosen = Array.prototype.some.call(source.querySelectorAll("input:checked"), function (input) {
                return input.value === wanted;
            });
            var applies = chosen && !source.hidden;
            fieldset.hidden = !applies;
            fieldset.querySelectorAll("input, select, textarea").forEach(function (input) { input.disabled = !applies; });
        });
        renumber(form);
    }
    function renumber(form) {
        var shown = {};
        var next = 1;
        form.querySelectorAll("fieldset.question").forEach(function (fieldset) {
            var number = fieldset.querySelector(".question__number");
            if (!number) { return; }
            if (fieldset.hidden) { return; }
            shown[fieldset.id] = next;
            number.textContent = next + ".";
            next += 1;
        });
        var container = form.parentNode;
        container.querySelectorAll(".error-summary a[data-question-number]").forEach(function (link) {
            var wanted = shown[link.getAttribute("href").slice(1)];
            if (wanted === undefined) { return; }
            if (!link.dataset.text) { link.dataset.text = link.textContent; }
            link.textContent = link.dataset.text.replace(link.dataset.questionNumber, String(wanted));
        });
    }
    document.querySelectorAll("form.survey-form").forEach(function (form) {
        form.querySelectorAll(".question__condition").forEach(function (note) { note.hidden = true; });
        form.addEventListener("change", function () { update(form); });
        update(form);
    });
    var summary = document.getElementById("erreurs");
    if (summary) { summary.focus(); }
})();
