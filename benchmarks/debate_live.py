"""A debate's live part: the live API every participant's page polls, the debate page, and the writes (secret and
open votes, questions), each next to its reference (the same bytes from memory; a bare INSERT for the writes).

    .venv/bin/python benchmarks/debate_live.py [--repeat 30] [--votes 200] [--asks 100]
        [--database-url postgres://postgres@127.0.0.1:5432/aimpact_bench_debates] [--keep]

Settings: benchmarks.floor_settings (cms.settings.production plus the memory view), as benchmarks/results_page.py;
the database named by --database-url (its name must contain "bench") is dropped, created and migrated. Without
CACHE_URL the caches (throttles, rate limits, the anonymous page cache) are production's database tables. Requests go
through Django's test Client in this process (the whole middleware stack, no web server).

The load: an EPCI's space (benchlib, made Premium: debates in its package), a debate index and one DebatePage under
it (`add_child`), by invitation, begun 30 minutes ago for three hours, written questions allowed; 2,000 citizens
(bulk, each with a verified EmailAddress), 1,500 confirmed registrations (bulk); 6 live polls: a secret "before" poll
and an open-mode "after" poll closed and counted (LivePollCount rows, 900 and 1,000 participations; the after one
`compare_with` the before one, so the API and page show the shift), three open ones (secret, open-mode, and an
open-mode one of four choices) with 300 participations each (sealed ballots for the secret one), one draft; 300
questions (90 % waiting, 7 % answered, 3 % hidden) with 3,000 upvotes (bulk, `upvotes_count` set from them). Then
VACUUM ANALYZE.

Measured, each first once under CaptureQueriesContext (queries, SQL time, slowest), then `--repeat` times alternately
with its memory reference (median, p95): GET /api/debates/<id>/live/ anonymous and logged in (a registered citizen
who voted and upvoted); the debate page logged in (never from the page cache); the debate page anonymous (a hit of
the page cache). Every participant's page asks the live API every 10 s: 300 participants make 30 requests/s, so at a
median of m ms one process spends 30 × m ms per second on them (the table prints it). Writes, each by a different
registered citizen, timed one by one: `live.vote()` on the open secret poll (sealing included), `live.vote()` on the
open-mode poll, `questions.ask()` (its per-account limit never reached); the floor: as many bare
`LivePollParticipation` INSERTs (ORM, each in its own transaction, on the third open poll). Every write includes
`live_changed()`, the invalidation of the debate page's cached copies. The live API's query count is captured again
after the writes (more participations and questions): a count that grows with the data would be a finding.

Checks (exit status 1 if one fails): every response 200, the anonymous page a page-cache hit, the API listing 5
polls (not the draft) with the shift and 200 questions, then the participants of both polls and the questions stored
matching the writes, and the API's query count unchanged after them.

Measured (2026-12-04, 2 shared CPUs with other test runs going; two runs, load average 3.0 then 3.7; median,
p95 in ms; x memory / x floor = median over the reference's median):

    request                         queries  run 1: median  p95    x memory   run 2: median  p95    x memory
    live API, anonymous (42 KiB)       17            20.2   21.7     22.4             34.9   48.2     29.7
    live API, logged in                24            26.7   30.3     51.8             44.0   59.5     83.0
    debate page, logged in (242 KiB)   43            91.6   98.2    170.7             96.8  112.8    163.0
    debate page, anonymous (cache)      2             2.1    2.3      2.2              1.6    6.7      2.3
    write                           queries  run 1: median  p95    x floor    run 2: median  p95    x floor
    secret vote (live.vote), 200       23            10.8   14.3     15.9             23.9   28.5     12.5
    open vote (live.vote), 200         23             9.9   11.4     14.0             25.6   32.1      6.4
    question (questions.ask), 100      37            14.4   15.8     19.7             31.6   40.0     28.4
    floor: bare participation INSERT, own transaction: 0.7 ms (run 1), 1.1-4.0 ms (run 2)

300 participants polling every 10 s make 30 requests/s: at 20-35 ms (anonymous) or 27-44 ms (logged in) that is
60-105 % or 80-132 % of one process's time, for the polling alone (the API is no-store, never from the page cache;
the SQL is 3-14 ms of it: the rest is Python, 200 questions and 5 polls serialised). The query counts do not grow
with the data: 17 and 24 before and after the 503 writes (more participations, 101 more questions). Where the
queries go (CaptureQueriesContext): the API's throttle costs 5 of the 17 (the database cache: a read, then on every
set a `SELECT COUNT(*) FROM aimpact_cache` for culling, which grows with the number of clients, up to MAX_ENTRIES
100,000; none with CACHE_URL on Redis); `rules.original()` re-reads the debate's first translation about 4 times
per request; a vote reads the verified address twice (`is_verified` and again in `can_participate`) and its
invalidation (`live_changed`) writes the page's stamp twice (`invalidate_tags`: now and on commit, by design),
each write preceded by a `COUNT(*)` of the page-cache table (the database cache's culling); an ask spends 16 of its
37 queries on the two posting windows' counters (savepoints, UPDATE, INSERT, SELECT each). Every vote and question
invalidates the anonymous debate page: during a live debate its cached copy lives only seconds.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import benchlib
from benchlib import percentile
from results_page import capture, measure_pair, short_sql

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/aimpact_bench_debates"
HEADER = (
    f"{'request':30} {'status':>6} {'queries':>7} {'SQL ms':>6} {'slowest':>7} {'median ms':>9} {'p95 ms':>7} "
    f"{'KiB':>4} {'memory median':>13} {'memory p95':>10} {'x memory':>8}"
)
WRITE_HEADER = (
    f"{'write':30} {'n':>5} {'queries':>7} {'median ms':>9} {'p95 ms':>7} {'floor median':>12} {'floor p95':>9} "
    f"{'x floor':>7}"
)
FIRST_NAMES = ["Camille", "Dominique", "Claude", "Alex", "Sacha", "Morgane", "Yannick", "Loïc", "Maël", "Noé"]
QUESTION_TEXTS = [
    "Quand les travaux commenceront-ils ?",
    "Combien coûtera le projet pour la commune ?",
    "Les riverains seront-ils consultés sur le tracé ?",
    "Prévoyez-vous des places de stationnement pour les vélos ?",
    "Que deviendront les arbres existants ?",
]


def build_debate(index, now):
    """The Premium space's debate index and debate page (add_child, as Wagtail's admin does)."""
    from cms.models import CollectiviteSpace
    from consultations.debates.models import DebateIndexPage, DebatePage

    space = index.get_parent().specific
    CollectiviteSpace.objects.filter(pk=space.pk).update(package="premium")
    space.refresh_from_db()
    debates = space.add_child(instance=DebateIndexPage(title="Débats", slug="debats"))
    return debates.add_child(
        instance=DebatePage(
            title="Le nouveau parc",
            slug="le-nouveau-parc",
            summary="Venez en parler avec les élus.",
            starts_at=now - datetime.timedelta(minutes=30),
            duration_minutes=180,
            place="Salle des fêtes, place de la Mairie",
            access="invitation",
            participants_may_write=True,
        )
    )


def bulk_citizens(count, registered, debate, now):
    """`count` citizens with a verified address, the first `registered` of them confirmed: their ids, in order."""
    from allauth.account.models import EmailAddress

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from consultations.debates.models import Registration

    password = make_password("motdepasse-banc-d-essai")
    users = get_user_model().objects.bulk_create(
        get_user_model()(
            username=f"citoyen{n}",
            email=f"citoyen{n}@example.org",
            first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
            last_name=f"Essai{n}",
            password=password,
        )
        for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    Registration.objects.bulk_create(
        Registration(debate_id=debate.pk, user=user, status="confirmed", queued_at=now, confirmed_at=now)
        for user in users[:registered]
    )
    return [user.pk for user in users]


def bulk_polls(debate, voters, now):
    """The six polls (see the docstring): {name: poll}."""
    from consultations import sealing
    from consultations.debates import live
    from consultations.debates.models import LivePoll, LivePollBallot, LivePollCount, LivePollParticipation

    choices = ["Oui", "Non", "Sans avis"]
    polls = {}

    def make(name, **fields):
        polls[name] = LivePoll.objects.create(debate_id=debate.pk, **fields)
        return polls[name]

    before = make(
        "before", question="Êtes-vous favorable au parc ?", choices=choices, phase="before", mode="secret",
        state="closed", opened_at=now, closed_at=now, counted_at=now, participants=900,
    )  # fmt: skip
    after = make(
        "after", question="Êtes-vous favorable au parc, après le débat ?", choices=choices, phase="after",
        mode="open", state="closed", opened_at=now, closed_at=now, participants=1000, compare_with=before,
    )  # fmt: skip
    secret = make(
        "secret", question="Faut-il un kiosque ?", choices=choices, mode="secret", state="open", opened_at=now
    )
    open_mode = make("open", question="Faut-il des jeux ?", choices=choices, mode="open", state="open", opened_at=now)
    floor = make(
        "floor", question="Quel mobilier ?", choices=["Bancs", "Tables", "Fontaines", "Abris"], mode="open",
        state="open", opened_at=now,
    )  # fmt: skip
    make("draft", question="Faut-il une buvette ?", choices=choices, mode="secret", state="draft")
    counts = {before: [500, 300, 100], after: [420, 480, 100], open_mode: [150, 100, 50], floor: [100, 80, 70, 50]}
    LivePollCount.objects.bulk_create(
        LivePollCount(poll=poll, choice=index, votes=votes)
        for poll, row in counts.items()
        for index, votes in enumerate(row)
    )
    participations = {before: voters[:900], after: voters[:1000], secret: voters[:300], open_mode: voters[:300]}
    participations[floor] = voters[:300]
    LivePollParticipation.objects.bulk_create(
        LivePollParticipation(poll=poll, user_id=user_id) for poll, users in participations.items() for user_id in users
    )
    ballots = []
    for number in range(300):
        key_id, sealed = sealing.seal(live._ballot_payload(secret.pk, number % 3), live.BALLOT_PADDED_LENGTH)
        ballots.append(LivePollBallot(poll=secret, key_id=key_id, sealed=sealed))
    LivePollBallot.objects.bulk_create(ballots)
    return polls


def bulk_questions(debate, voters, count, upvotes, rng):
    from django.db import connection

    from consultations.debates.models import Question, QuestionUpvote

    statuses = ["visible"] * 90 + ["answered"] * 7 + ["hidden"] * 3
    questions = Question.objects.bulk_create(
        Question(
            debate_id=debate.pk,
            author_id=voters[n % len(voters)],
            text=f"{rng.choice(QUESTION_TEXTS)} (n° {n})",
            status=rng.choice(statuses),
        )
        for n in range(count)
    )
    pairs = set()
    weights = [1 / (rank + 1) for rank in range(len(questions))]  # a few questions gather most of the support
    while len(pairs) < upvotes:
        question = rng.choices(questions, weights)[0]
        pairs.add((question.pk, rng.choice(voters)))
    QuestionUpvote.objects.bulk_create(QuestionUpvote(question_id=q, user_id=u) for q, u in pairs)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE debates_question q SET upvotes_count = u.n FROM (SELECT question_id, count(*) AS n "
            "FROM debates_questionupvote GROUP BY question_id) u WHERE u.question_id = q.id"
        )
    return Question.objects.filter(debate_id=debate.pk, status__in=["visible", "answered"]).count()


def timed(calls):
    """Milliseconds of each call, one after another."""
    spent = []
    for call in calls:
        started = time.perf_counter()
        call()
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def queries_of(call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=2000)
    parser.add_argument("--registrations", type=int, default=1500)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--upvotes", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--votes", type=int, default=200, help="secret votes, and as many open ones")
    parser.add_argument("--asks", type=int, default=100, help="questions asked through questions.ask()")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DEBATES_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--show-slower-than", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    needed = 300 + 2 * (options.votes + 1) + options.asks + 1 + options.votes
    if needed > options.registrations:
        sys.exit(f"--registrations must be at least {needed} (pre-voters, voters, askers and the floor's)")
    failures, rows, write_rows = [], [], []
    with tempfile.TemporaryDirectory(prefix="aimpact-debates-bench-") as tmp:
        started = time.perf_counter()
        migrated = benchlib.fresh_database(options.database_url, tmp)
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection, transaction
        from django.test import Client
        from django.utils import timezone

        from consultations.debates import live, questions
        from consultations.debates.models import LivePoll, LivePollParticipation, Question

        call_command("collectstatic", interactive=False, verbosity=0)
        index, _communes = benchlib.build_place()
        rng = random.Random(options.seed)  # noqa: S311 - benchmark data
        now = timezone.now()
        loading = time.perf_counter()
        debate = build_debate(index, now)
        voters = bulk_citizens(options.citizens, options.registrations, debate, now)
        polls = bulk_polls(debate, voters, now)
        public = bulk_questions(debate, voters[: options.registrations], options.questions, options.upvotes, rng)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would soon after such a load
        loaded = time.perf_counter()
        print(
            f"setup: migrated in {migrated - started:.1f} s; {options.citizens:,} citizens, "
            f"{options.registrations:,} registrations, 6 polls, {options.questions} questions ({public} public), "
            f"{options.upvotes:,} upvotes loaded in {loaded - loading:.1f} s; benchmarks.floor_settings; "
            f"{benchlib.server_version()}; {os.cpu_count()} CPUs, shared; in-process django.test.Client; "
            f"load average {benchlib.load_average()}"
        )
        User = get_user_model()  # noqa: N806
        citizen = User.objects.get(pk=voters[5])  # registered, voted in every poll, upvoted some questions
        anonymous = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
        page_visitor = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
        logged = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
        logged.force_login(citizen)
        api_path = f"/api/debates/{debate.pk}/live/"
        page_path = debate.url
        requests = [
            ("live API, anonymous", anonymous, api_path),
            ("live API, logged in", logged, api_path),
            ("debate page, logged in", logged, page_path),
            ("debate page, anonymous (cache)", page_visitor, page_path),
        ]
        measured = {}
        print(HEADER)
        for label, client, path in requests:
            figures = measure_pair(client, label.replace(" ", "-").replace(",", "").strip("()"), path, options.repeat)
            measured[label] = figures
            response = figures["response"]
            median, reference = statistics.median(figures["ms"]), statistics.median(figures["memory_ms"])
            line = (
                f"{label:30} {response.status_code:>6} {figures['queries']:>7} {figures['query_ms']:>6.1f} "
                f"{figures['slowest'][0]:>7.1f} {median:>9.2f} {percentile(figures['ms'], 0.95):>7.2f} "
                f"{figures['bytes'] / 1024:>4.0f} {reference:>13.2f} {percentile(figures['memory_ms'], 0.95):>10.2f} "
                f"{median / reference:>8.1f}"
            )
            rows.append(line)
            print(line, flush=True)
            if figures["slowest"][0] >= options.show_slower_than:
                print(f"    slowest query: {short_sql(figures['slowest'][1])}")
            if response.status_code != 200:
                failures.append(f"{label}: HTTP {response.status_code}")
        hit = measured["debate page, anonymous (cache)"]["response"].get("X-Page-Cache")
        if hit != "hit":
            failures.append(f"the anonymous debate page is not a page-cache hit (X-Page-Cache: {hit})")
        for label in ("live API, anonymous", "live API, logged in"):
            data = json.loads(measured[label]["response"].content)
            shift = next((poll["shift"] for poll in data["polls"] if poll["id"] == polls["after"].pk), None)
            found = (len(data["polls"]), len(data["questions"]), shift is not None)
            if found != (5, min(200, public), True):
                failures.append(f"{label}: (polls, questions, shift) = {found}, expected (5, {min(200, public)}, True)")
        for label in ("live API, anonymous", "live API, logged in"):
            share = 30 * statistics.median(measured[label]["ms"]) / 1000
            print(f"  {label}: 300 participants = 30 requests/s = {share:.0%} of one process's time at the median")

        # -- writes ----------------------------------------------------------------------------------------------
        pool = list(User.objects.filter(pk__in=voters[300 : options.registrations]).order_by("pk"))
        secret_users, pool = pool[: options.votes + 1], pool[options.votes + 1 :]
        open_users, pool = pool[: options.votes + 1], pool[options.votes + 1 :]
        askers, pool = pool[: options.asks + 1], pool[options.asks + 1 :]
        floor_users = pool[: options.votes]
        secret = LivePoll.objects.get(pk=polls["secret"].pk)
        open_poll = LivePoll.objects.get(pk=polls["open"].pk)
        floor_poll = polls["floor"]

        def write(label, users, call, floor_n):
            first_queries = queries_of(lambda: call(users[0], 0))
            spent = timed([lambda user=user, n=n: call(user, n) for n, user in enumerate(users[1:], start=1)])
            floor = timed(
                [
                    lambda user=user: _floor_insert(transaction, LivePollParticipation, floor_poll.pk, user.pk)
                    for user in floor_users[:floor_n]
                ]
            )
            LivePollParticipation.objects.filter(poll=floor_poll, user__in=floor_users).delete()
            median, floor_median = statistics.median(spent), statistics.median(floor)
            line = (
                f"{label:30} {len(spent):>5} {first_queries:>7} {median:>9.2f} {percentile(spent, 0.95):>7.2f} "
                f"{floor_median:>12.2f} {percentile(floor, 0.95):>9.2f} {median / floor_median:>7.1f}"
            )
            write_rows.append(line)
            print(line, flush=True)

        print(f"\n{WRITE_HEADER}")
        write("secret vote (live.vote)", secret_users, lambda user, n: live.vote(secret, user, n % 3), options.votes)
        write("open vote (live.vote)", open_users, lambda user, n: live.vote(open_poll, user, n % 3), options.votes)
        write(
            "question (questions.ask)",
            askers,
            lambda user, n: questions.ask(debate, user, f"{QUESTION_TEXTS[n % len(QUESTION_TEXTS)]} (nouvelle {n})"),
            options.asks,
        )

        # -- after the writes --------------------------------------------------------------------------------------
        after = {}
        for label, client in (("live API, anonymous", anonymous), ("live API, logged in", logged)):
            response, queries = capture(client, api_path)
            after[label] = (response, len(queries))
            print(f"  after the writes, {label}: {len(queries)} queries (before: {measured[label]['queries']})")
            if len(queries) != measured[label]["queries"]:
                failures.append(
                    f"{label}: {measured[label]['queries']} queries before the writes, {len(queries)} after"
                )
        data = json.loads(after["live API, anonymous"][0].content)
        by_id = {poll["id"]: poll for poll in data["polls"]}
        want = 300 + options.votes + 1
        open_total = sum(choice["votes"] for choice in by_id[open_poll.pk]["choices"])
        found = (by_id[secret.pk]["participants"], by_id[open_poll.pk]["participants"], open_total)
        if found != (want, want, want):
            failures.append(f"after the writes, (secret, open participants, open votes) = {found}, expected {want}")
        stored = Question.objects.filter(debate_id=debate.pk).count()
        if stored != options.questions + options.asks + 1:
            failures.append(f"{stored} questions stored, expected {options.questions + options.asks + 1}")
        print(f"  load average {benchlib.load_average()}")
        connection.close()
        if not options.keep:
            benchlib.recreate_database(options.database_url, drop_only=True)
    print(f"\nsummary (median and p95 of {options.repeat} requests each, view and memory alternately)")
    print(HEADER)
    print("\n".join(rows))
    print(WRITE_HEADER)
    print("\n".join(write_rows))
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("\nOK: every response 200, the anonymous page from the page cache, the writes all counted.")


def _floor_insert(transaction, model, poll_id, user_id):
    with transaction.atomic():
        model.objects.create(poll_id=poll_id, user_id=user_id)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
