/* The live section of a debate page: every ten seconds (not while the tab is hidden), GET the section's data from
   /api/debates/<page>/live/ and update in place the participants, the visible counts, the questions' supports and
   states; new questions are added to the list; a poll that opens or closes and a new question are announced in the
   polite live region. Without this script, the « Rafraîchir » link reloads the page. No inline script: CSP. */
(function () {
    "use strict";
    var section = document.querySelector("[data-live-url]");
    if (!section || !window.fetch) { return; }
    var url = section.getAttribute("data-live-url");
    var announcer = section.querySelector("[data-live-announcer]");
    var list = section.querySelector("[data-questions]");
    var lang = document.documentElement.lang || "fr";
    var english = lang.indexOf("en") === 0;
    var text = english ? {
        opened: "A poll has opened: ", closed: "A poll has closed: ", question: "New question: ",
        reload: " Refresh the page to vote.", upvotes: function (n) { return n + (n === 1 ? " support" : " supports"); },
        voters: function (n) { return n + (n === 1 ? " voter" : " voters"); }, answered: "Answered"
    } : {
        opened: "Un sondage vient d'ouvrir : ", closed: "Un sondage vient de se clore : ", question: "Nouvelle question : ",
        reload: " Rafraîchissez la page pour voter.", upvotes: function (n) { return n + (n <= 1 ? " soutien" : " soutiens"); },
        voters: function (n) { return n + (n <= 1 ? " votant" : " votants"); }, answered: "Répondue"
    };
    var known = {};
    section.querySelectorAll("[data-poll]").forEach(function (el) { known[el.getAttribute("data-poll")] = el.getAttribute("data-state"); });
    var seenQuestions = {};
    section.querySelectorAll("[data-question]").forEach(function (el) { seenQuestions[el.getAttribute("data-question")] = true; });
    var first = true;
    var timer = null;

    var pending = [];

    function announce(message) {
        pending.push(message);
    }

    function speak() {
        // Everything a round found, said once (a poll opening and a new question in the same round both heard).
        if (!announcer || !pending.length) { pending = []; return; }
        var message = pending.join(" ");
        pending = [];
        announcer.textContent = "";
        window.setTimeout(function () { announcer.textContent = message; }, 100);
    }

    function percent(value) {
        return value.toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + " %";
    }

    function updatePoll(poll) {
        var el = section.querySelector('[data-poll="' + poll.id + '"]');
        var was = known[String(poll.id)];
        if (was !== poll.state && !first) {
            if (poll.state === "open") { announce(text.opened + poll.question + text.reload); }
            else if (poll.state === "closed" && was) { announce(text.closed + poll.question); }
        }
        known[String(poll.id)] = poll.state;
        if (!el) { return; }
        var participants = el.querySelector("[data-participants]");
        if (participants) { participants.textContent = text.voters(poll.participants); }
        var table = el.querySelector("[data-results]");
        if (!table || !poll.results_visible) { return; }
        poll.choices.forEach(function (choice) {
            var votes = table.querySelector('[data-votes="' + choice.index + '"]');
            var share = table.querySelector('[data-percent="' + choice.index + '"]');
            var bar = table.querySelector('[data-bar="' + choice.index + '"]');
            if (votes) { votes.textContent = choice.votes; }
            if (share) { share.textContent = percent(choice.percent); }
            if (bar) { bar.style.width = choice.percent + "%"; }
        });
    }

    function updateQuestions(questions) {
        if (!list) { return; }
        var listed = {};
        questions.forEach(function (question) {
            var id = String(question.id);
            listed[id] = true;
            var item = list.querySelector('[data-question="' + id + '"]');
            if (!item) {
                item = document.createElement("li");
                item.className = "live-question";
                item.id = "question-" + id;
                item.setAttribute("data-question", id);
                var body = document.createElement("p");
                body.className = "live-question__text";
                body.textContent = question.text;
                var meta = document.createElement("p");
                meta.className = "live-question__meta";
                var author = document.createElement("span");
                author.textContent = question.author + " · ";
                var count = document.createElement("span");
                count.setAttribute("data-upvotes", id);
                meta.appendChild(author);
                meta.appendChild(count);
                item.appendChild(body);
                item.appendChild(meta);
                list.appendChild(item);
                var empty = list.querySelector("[data-questions-empty]");
                if (empty) { empty.remove(); }
                if (!seenQuestions[id] && !first) { announce(text.question + question.text); }
            }
            seenQuestions[id] = true;
            var upvotes = item.querySelector("[data-upvotes]");
            if (upvotes) { upvotes.textContent = text.upvotes(question.upvotes_count); }
            if (question.status === "answered" && !item.querySelector("[data-answered]")) {
                item.classList.add("live-question--answered");
                var tag = document.createElement("strong");
                tag.className = "live-tag";
                tag.setAttribute("data-answered", "");
                tag.textContent = text.answered;
                var line = item.querySelector(".live-question__meta");
                if (line) { line.appendChild(document.createTextNode(" · ")); line.appendChild(tag); }
            }
            list.appendChild(item); // the order of the answer: most supported first
        });
        list.querySelectorAll("[data-question]").forEach(function (item) {
            if (!listed[item.getAttribute("data-question")]) { item.remove(); } // hidden or withdrawn
        });
    }

    function refresh() {
        if (document.hidden) { return; }
        fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (data) {
                if (!data) { return; }
                data.polls.forEach(updatePoll);
                updateQuestions(data.questions);
                speak();
                first = false;
            })
            .catch(function () { /* the next round tries again; the « Rafraîchir » link always works */ });
    }

    function start() {
        if (timer === null) { timer = window.setInterval(refresh, 10000); }
    }

    function stop() {
        if (timer !== null) { window.clearInterval(timer); timer = null; }
    }

    document.addEventListener("visibilitychange", function () {
        if (document.hidden) { stop(); } else { refresh(); start(); }
    });
    refresh();
    start();
}());
