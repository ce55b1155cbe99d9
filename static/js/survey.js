/* Progressive enhancement of the survey form: a question asked only after a given answer
   is hidden until that answer is chosen. Without JavaScript every question shows, with a
   sentence saying when to answer it, and the server ignores answers that do not apply. */
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
    }
    document.querySelectorAll("form.survey-form").forEach(function (form) {
        form.querySelectorAll(".question__condition").forEach(function (note) { note.hidden = true; });
        form.addEventListener("change", function () { update(form); });
        update(form);
    });
    var summary = document.getElementById("erreurs");
    if (summary) { summary.focus(); }
})();
