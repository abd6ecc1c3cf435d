"""The summary page: the numbers shown for a training session and for a site's mystery shops,
read back from the page's tables, who may open it, and reviewers' decisions counting."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from html.parser import HTMLParser

import pytest

from flse_feedback.extensions import db
from flse_feedback.models import Answer, Response, Role, Theme
from flse_feedback.services import questionnaires, responses, review
from tests.builders import Builders
from tests.helpers import page_text

WAITED = "I waited two hours and nobody explained anything to me."
KIND = "The trainers were <b>brilliant</b>, kind and really helpful. Call me on 07700 900123."


@pytest.fixture(autouse=True)
def summary_route(app):
    if "review.summary" not in app.view_functions:
        pytest.fail("paste summary_view.register(bp) into review/views.py")


class Tables(HTMLParser):
    """Every <table> of a page: caption -> {row header -> [cell texts]}, plus the SVG parts."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, dict[str, list[str]]] = {}
        self.svgs: list[dict] = []
        self._caption = self._row = self._cell = None
        self._in_caption = False
        self._rows: dict[str, list[str]] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows, self._caption = {}, ""
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = ""
        elif tag == "svg":
            self.svgs.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append(re.sub(r"\s+", " ", self._cell.replace("\xad", "")).strip())
            self._cell = None
        elif tag == "tr" and self._row:
            self._rows[self._row[0]] = self._row[1:]
            self._row = None
        elif tag == "table":
            self.tables[self._caption.strip()] = self._rows

    def handle_data(self, data):
        if self._in_caption:
            self._caption += data
        elif self._cell is not None:
            self._cell += data

    def table(self, caption: str) -> dict[str, list[str]]:
        found = [rows for name, rows in self.tables.items() if name == caption]
        assert found, f"no table {caption!r}; tables: {sorted(self.tables)}"
        return found[0]


def question_text(kind: str, key: str) -> str:
    return next(q.text for q in questionnaires.published_version(kind).questions()
                if q.key == key)


def sent_on(response, when: datetime):
    return Builders().sent_on(response, when)


@pytest.fixture
def fixture(build, builtins):
    """3 training responses in one session (and 1 in another), 2 mystery shops at one site (and 1
    at another)."""
    session = build.training_session(title="Trauma-informed practice")
    other_session = build.training_session(title="Another session")
    training = [
        build.submitted("training", {
            "relevance": 5, "lived_experience_contribution": "na", "pace": "about_right",
            "follow_up_ok": "yes", "could_improve": WAITED, "most_useful": KIND},
            training_session=session),
        build.submitted("training", {
            "relevance": 4, "lived_experience_contribution": 4, "pace": "too_rushed",
            "follow_up_ok": "no"}, training_session=session),
        build.submitted("training", {"relevance": 2, "pace": "about_right", "follow_up_ok": "na"},
                        training_session=session),
        build.submitted("training", {"relevance": 1, "could_improve": "Too long."},
                        training_session=other_session),
    ]
    for response, day in zip(training, (2, 20, 30, 30)):
        sent_on(response, datetime(2026, 11, day, 10, tzinfo=timezone.utc))
    site = build.site("Jobcentre Plus", area="Hove")
    shopper = build.user()
    shops = [
        build.submitted("mystery_shop", {
            "visit_date": "2026-11-20", "found_contact_info": "yes", "info_consistent": "no",
            "non_digital_route": "na", "phone_wait_minutes": 10, "felt_judged": 2,
            "accessibility_seen": ["hearing_loop", "accessible_toilet"]},
            respondent=shopper, site=site, scenario=build.scenario()),
        build.submitted("mystery_shop", {
            "visit_date": "2026-11-20", "found_contact_info": "yes", "info_consistent": "yes",
            "non_digital_route": "yes", "phone_wait_minutes": 25, "felt_judged": 4,
            "accessibility_seen": ["hearing_loop"]},
            respondent=shopper, site=site, scenario=build.scenario()),
        build.submitted("mystery_shop", {"visit_date": "2026-11-20", "found_contact_info": "no",
                                         "phone_wait_minutes": 99},
                        respondent=shopper, site=build.site(), scenario=build.scenario()),
    ]
    return {"session": session, "site": site, "training": training, "shops": shops}


def test_a_training_session_summary_shows_its_numbers(client, fixture, build, login):
    login(build.user(Role.REVIEWER))

    page = client.get(f"/review/summary?session={fixture['session'].id}")

    assert page.status_code == 200
    text = page_text(page)
    assert "3 responses: training session: Trauma-informed practice (20 Nov 2026)" in text
    tables = Tables(page.get_data(as_text=True))
    relevance = tables.table("Answers to: " + question_text("training", "relevance"))
    assert {label: cells[0] for label, cells in relevance.items()} == {
        "Answer": "People", "1 – Not at all relevant": "0", "2 – Slightly relevant": "1",
        "3 – Quite relevant": "0", "4 – Very relevant": "1", "5 – Extremely relevant": "1",
        "Mean (without not applicable)": "3.7"}
    voices = tables.table("Answers to: " + question_text(
        "training", "lived_experience_contribution"))
    assert voices["4 – A lot"] == ["1"] and voices["Not applicable"] == ["1"]
    assert voices["Mean (without not applicable)"] == ["4"]
    pace = tables.table("Answers to: " + question_text("training", "pace"))
    assert pace["It was about right"] == ["2", "67%"]
    assert pace["It felt rushed and needed more time"] == ["1", "33%"]
    assert pace["It dragged and could have been shorter"] == ["0", "0%"]
    staying = tables.table("Checklist answers, Staying in touch")
    assert staying["Section"] == ["1", "1", "1", "50%"]
    assert tables.table("Section scores, Training feedback")["Staying in touch"] == [
        "50%", "1", "1", "1"]
    assert "Section score: 50% (1 yes of 2 yes or no answers; 1 not applicable left out)" in text
    written = tables.table(
        "Written answers, Anything else (their themes are summarised below)")
    assert written[question_text("training", "could_improve")] == ["1"]
    assert written[question_text("training", "most_useful")] == ["1"]
    weeks = tables.table("Responses per week")
    assert weeks == {"Week starting": ["Responses"],
                     "Mon 2 Nov 2026 (week 45)": ["1"],
                     "Mon 9 Nov 2026 (week 46)": ["0"],
                     "Mon 16 Nov 2026 (week 47)": ["1"],
                     "Mon 23 Nov 2026 (week 48)": ["0"],
                     "Mon 30 Nov 2026 (week 49)": ["1"],
                     "All": ["3"]}
    assert "Too long." not in text  # the other session's answer


def test_themes_and_quotes_of_a_session(client, fixture, build, login):
    login(build.user(Role.REVIEWER))

    page = client.get(f"/review/summary?session={fixture['session'].id}")

    tables = Tables(page.get_data(as_text=True))
    themes = tables.table("Written answers per theme, by sentiment")
    assert themes["Waiting, delays & access to appointments"] == ["0", "0", "1", "1"]
    text = page_text(page)
    assert "2 written answers: 1 positive, 0 neutral, 1 negative" in text
    assert "Most negative " + WAITED in text
    assert "07700" not in text and "[phone]" in text  # quotes are masked
    html = page.get_data(as_text=True)
    assert "&lt;b&gt;brilliant&lt;/b&gt;" in html and "<b>brilliant" not in html
    assert 'role="img"' in html and "<script" not in html.split("<main", 1)[1]
    assert ' style="' not in html and "<style" not in html


def test_a_sites_mystery_shops_summary(client, fixture, build, login):
    login(build.user(Role.REVIEWER))

    page = client.get(f"/review/summary?kind=mystery_shop&site={fixture['site'].id}")

    assert page.status_code == 200
    text = page_text(page)
    assert "2 responses: Mystery shop; site: Jobcentre Plus (Hove)" in text
    tables = Tables(page.get_data(as_text=True))
    finding = tables.table("Checklist answers, Finding the service")
    assert finding[question_text("mystery_shop", "found_contact_info")] == [
        "2", "0", "0", "100%"]
    assert finding[question_text("mystery_shop", "info_consistent")] == ["1", "1", "0", "50%"]
    assert finding[question_text("mystery_shop", "non_digital_route")] == ["1", "0", "1", "100%"]
    assert finding["Section"] == ["4", "1", "1", "80%"]  # not applicable left out: 4 of 5
    assert tables.table("Section scores, Mystery shop visit")["Finding the service"] == [
        "80%", "4", "1", "1"]
    numbers = tables.table("Numbers given, Finding the service")
    assert numbers[question_text("mystery_shop", "phone_wait_minutes")] == [
        "2", "17.5 minutes", "10 minutes", "25 minutes"]
    judged = tables.table("Answers to: " + question_text("mystery_shop", "felt_judged"))
    assert judged["Mean (without not applicable)"] == ["3"]
    assert "Lower is better on this question" in text
    seen = tables.table("Answers to: " + question_text("mystery_shop", "accessibility_seen"))
    assert seen["Hearing loop"] == ["2", "100%"]
    assert seen["Accessible toilet"] == ["1", "50%"]
    assert seen["None of these"] == ["0", "0%"]
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", page.get_data(as_text=True))
    assert "Training feedback" not in headings and "Mystery shop visit" in headings
    days = tables.table("Responses per day")
    assert list(days.values()) == [["Responses"], ["2"], ["2"]]  # both sent today; the total


def test_a_reviewers_theme_decision_changes_the_counts(client, fixture, build, login):
    login(build.user(Role.REVIEWER))
    response = fixture["training"][0]
    answer = next(a for a in response.answers if a.question.key == "could_improve")
    assert "waiting_access" in answer.effective_theme_ids()
    url = f"/review/summary?session={fixture['session'].id}"
    before = Tables(client.get(url).get_data(as_text=True)).table(
        "Written answers per theme, by sentiment")

    saved = client.post(f"/review/responses/{response.id}/answers/{answer.id}", data={
        "themes": ["information_signposting"], "sentiment": "neutral"})

    assert saved.status_code == 302
    after = Tables(client.get(url).get_data(as_text=True)).table(
        "Written answers per theme, by sentiment")
    assert "Waiting, delays & access to appointments" in before
    assert "Waiting, delays & access to appointments" not in after
    signposting = next(name for name in after if name.startswith("Information"))
    assert after[signposting] == ["0", "1", "0", "1"]
    text = page_text(client.get(url))
    assert "2 written answers: 1 positive, 1 neutral, 0 negative" in text


@pytest.mark.parametrize("narrowing", ["sentiment=negative", "theme=waiting_access",
                                       "q=nobody+explained"])
def test_filters_on_answers_narrow_the_responses_not_the_answers(client, fixture, build, login,
                                                                 narrowing):
    """Filters that look inside answers pick whole responses: every answer of those counts."""
    login(build.user(Role.REVIEWER))

    page = client.get(f"/review/summary?session={fixture['session'].id}&{narrowing}")

    assert "1 response: training session: Trauma-informed practice" in page_text(page)
    tables = Tables(page.get_data(as_text=True))
    relevance = tables.table("Answers to: " + question_text("training", "relevance"))
    assert relevance["5 – Extremely relevant"] == ["1"] and relevance["4 – Very relevant"] == ["0"]
    themes = tables.table("Written answers per theme, by sentiment")
    assert themes["Waiting, delays & access to appointments"] == ["0", "0", "1", "1"]
    assert "2 written answers: 1 positive, 0 neutral, 1 negative" in page_text(page)


def test_the_summary_agrees_with_the_models_effective_tags(client, fixture, build, login):
    """The page computes effective tags from query rows; they must match Answer's own rule."""
    reviewer = build.user(Role.REVIEWER)
    answer = next(a for a in fixture["training"][0].answers if a.question.key == "most_useful")
    review.decide_tags(answer, {"training_quality", "waiting_access"}, "negative", reviewer)
    login(reviewer)

    themes = Tables(client.get(f"/review/summary?session={fixture['session'].id}")
                    .get_data(as_text=True)).table("Written answers per theme, by sentiment")

    db.session.expire_all()
    expected: dict[str, list[int]] = {}
    for response in fixture["training"][:3]:
        for item in db.session.get(Response, response.id).answers:
            if item.sentiment is None:
                continue
            for theme_id in item.effective_theme_ids():
                counts = expected.setdefault(theme_id, [0, 0, 0])
                counts[("positive", "neutral", "negative").index(item.effective_sentiment)] += 1
    shown = {db.session.get(Theme, theme_id).name: [str(c) for c in counts] + [str(sum(counts))]
             for theme_id, counts in expected.items()}
    assert {name: cells for name, cells in themes.items() if name != "Theme"} == shown


def test_wording_changed_between_versions(client, build, builtins, login):
    from flse_feedback.questionnaires.definitions import builtin_definitions

    session = build.training_session()
    build.submitted("training", {"relevance": 5}, training_session=session)
    definition = next(d for d in builtin_definitions() if d["key"] == "training")
    relevance = next(q for s in definition["sections"] for q in s["questions"]
                     if q["key"] == "relevance")
    relevance["text"] = "How useful was this session for your work?"
    questionnaires.install_definition(definition)
    db.session.commit()
    build.submitted("training", {"relevance": 3}, training_session=session)
    login(build.user(Role.REVIEWER))

    page = client.get(f"/review/summary?session={session.id}")

    text = page_text(page)
    assert "1 to version 2, 1 to version 1" in text
    table = Tables(page.get_data(as_text=True)).table(
        "Answers to: How useful was this session for your work?")
    assert table["5 – Extremely relevant"] == ["1"] and table["3 – Quite relevant"] == ["1"]
    assert "Wording changed between versions" in text


def test_no_responses(client, builtins, build, login):
    login(build.user(Role.REVIEWER))

    page = client.get("/review/summary?kind=environment")

    assert page.status_code == 200
    assert "No responses match these filters." in page_text(page)


def test_volunteers_may_not_and_anonymous_people_log_in_first(client, builtins, build, login):
    anonymous = client.get("/review/summary")
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]
    login(build.user(Role.VOLUNTEER))
    assert client.get("/review/summary").status_code == 403


def test_answers_are_counted_by_the_database_not_loaded(app, fixture):
    """A scale question answered by many costs one row per distinct value."""
    from flse_feedback.services import summaries
    from flse_feedback.services.review_filters import ReviewFilter

    version = questionnaires.published_version("training")
    relevance = next(q for q in version.questions() if q.key == "relevance")
    for _ in range(40):
        draft = responses.start_response(version, training_session=fixture["session"])
        draft.answers.append(Answer(question_id=relevance.id, value=3))
        responses.submit(draft)
    summary = summaries.summarise(ReviewFilter(session=fixture["session"].id))

    assert summary.total == 43
    part = summary.questionnaires[0]
    found = next(q for s in part.sections for q in s.questions if q.key == "relevance")
    assert found.result.counts == (0, 1, 40, 1, 1)


def test_the_databases_theme_counts_and_quotes_follow_the_written_rule(builtins, build):
    """The summary counts themes and picks quotes in SQL; the pure rule in analysis.summaries
    (theme_summaries) must give the same report for the same answers, ties and decisions too."""
    import random

    from flse_feedback.analysis.summaries import TaggedAnswer, theme_summaries
    from flse_feedback.services import summaries
    from flse_feedback.services.review_filters import ReviewFilter

    rng = random.Random(7)
    texts = [WAITED, KIND, "The room was noisy and cold.", "Staff were rude and I waited.",
             "Really useful, friendly trainers.", "The signs were confusing.", "Fine."]
    session = build.training_session()
    made = [build.submitted("training", {key: rng.choice(texts) for key in (
        "could_improve", "most_useful", "do_differently")}, training_session=session)
        for _ in range(8)]
    reviewer = build.user(Role.REVIEWER)
    theme_ids = [t.id for t in review.themes_for_choice()]
    for response in made[:4]:
        answer = db.session.get(Response, response.id).answers[0]
        review.decide_tags(answer, set(rng.sample(theme_ids, 2)),
                           rng.choice(["positive", "negative", ""]), reviewer)

    db.session.expire_all()
    tagged = [TaggedAnswer(a.id, tuple(a.effective_theme_ids()), a.effective_sentiment,
                           a.sentiment.polarity if a.sentiment else None)
              for r in made for a in db.session.get(Response, r.id).answers
              if isinstance(a.value, str)]
    names = {t.id: t.name for t in db.session.query(Theme)}
    expected = theme_summaries(tagged, names, [t.id for t in review.themes_for_choice()])

    report = summaries.summarise(ReviewFilter(session=session.id)).themes

    def plain(r):
        return [(t.theme_id, t.positive, t.neutral, t.negative, t.unrated, t.most_positive,
                 t.most_negative) for t in r.themes], r.answers, r.without_theme, r.sentiments

    assert plain(report) == plain(expected)
    assert any(t.most_positive for t in report.themes) and any(
        t.most_negative for t in report.themes)
