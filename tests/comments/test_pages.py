"""The analysts' comment pages: who sees what, and what reviewing changes."""
from datetime import datetime

import pytest
from sqlalchemy import select

from feedback_app.comments.reviews import create_missing_reviews
from feedback_app.comments.themes import DEFAULT_THEMES
from feedback_app.models import (
    CommentStatus, CommentTheme, Membership, OrganisationKind, Partnership, Role, utcnow,
)
from feedback_app.reports.periods import quarter_of
from tests.factories import create_organisation, create_user

from .conftest import PASSWORD, UTC, audit_events, reload, review_of, write_comment

LIST = "/reports/comments/?quarter=2025-26-q2"


def _links(page):
    return [a.get("href") for a in page.findall(".//main//h3/a")]


def _theme_ids(session, council, *labels):
    themes = {t.label: t.id for t in session.scalars(select(CommentTheme).where(CommentTheme.organisation_id == council.id))}
    return [themes[label] for label in labels]


def test_the_list_shows_only_the_councils_own_comments_redacted(signed_in, session, council, other_council):
    mine = write_comment(session, council, "Ring me on 07700 900123, Ann Alyst was kind.")
    write_comment(session, other_council, "Southbay only words")
    write_comment(session, council, "Not sent yet", submit=False)
    write_comment(session, council, "Sent in the quarter before", submitted_at=datetime(2025, 6, 30, 22, 59, tzinfo=UTC))
    page = signed_in.get(LIST)
    assert _links(page) == [f"/reports/comments/{review_of(session, mine).id}"]
    assert "07700" not in page.html and "Alyst" not in page.html
    assert "[phone number removed]" in page.text and "[name removed] was kind." in page.text
    assert "Southbay only words" not in page.html and "Not sent yet" not in page.html
    assert "Sent in the quarter before" not in page.html
    assert page.find(".//span[@class='govuk-caption-l']").text == "Northshire Council, 2025-26 Q2"


def test_the_list_defaults_to_the_current_quarter(signed_in, session, council):
    now = write_comment(session, council, "Written this quarter", submitted_at=utcnow())
    page = signed_in.get("/reports/comments/")
    assert quarter_of(utcnow()).label in page.find(".//span[@class='govuk-caption-l']").text
    assert _links(page) == [f"/reports/comments/{review_of(session, now).id}"]


@pytest.mark.parametrize("quarter", ["2025-27-q1", "last quarter", "2025-26-q5", "<script>"])
def test_an_invalid_quarter_is_explained_on_the_page(signed_in, session, council, quarter):
    page = signed_in.get(f"/reports/comments/?quarter={quarter}")
    assert page.title.startswith("Error: Comments")
    [message] = page.error_messages()
    assert message.startswith("Enter a quarter like ")
    assert page.by_id("quarter").get("value") == quarter
    assert audit_events(session, "comments_listed") == []


def test_filters_by_status_and_theme(signed_in, session, council):
    first = write_comment(session, council, "First comment")
    second = write_comment(session, council, "Second comment", submitted_at=datetime(2025, 8, 2, tzinfo=UTC))
    signed_in.get(LIST)
    [listened] = _theme_ids(session, council, "Being listened to")
    signed_in.post(f"/reports/comments/{review_of(session, second).id}",
                   data={"decision": "approved", "themes": [listened], "text": "Second comment"})
    assert _links(signed_in.get(LIST + "&status=approved")) == [f"/reports/comments/{review_of(session, second).id}"]
    assert _links(signed_in.get(LIST + "&status=pending")) == [f"/reports/comments/{review_of(session, first).id}"]
    assert _links(signed_in.get(LIST + f"&theme={listened}")) == [f"/reports/comments/{review_of(session, second).id}"]
    assert len(_links(signed_in.get(LIST + "&status=nonsense&theme=nonsense"))) == 2


def test_the_list_is_paginated(signed_in, session, council):
    for n in range(26):
        write_comment(session, council, f"Comment number {n}")
    assert len(_links(signed_in.get(LIST))) == 25
    assert len(_links(signed_in.get(LIST + "&page=2"))) == 1
    signed_in.get(LIST + "&page=3", expected_status=404)


def test_each_look_at_the_list_is_audited(signed_in, session, council, analyst):
    response = write_comment(session, council, "Audited")
    signed_in.get(LIST)
    [event] = audit_events(session, "comments_listed")
    assert (event.user_id, event.organisation_id) == (analyst.id, council.id)
    assert event.detail["quarter"] == "2025-26-q2"
    assert event.detail["reviews"] == [review_of(session, response).id]


def test_a_comment_page_shows_the_redacted_text_and_is_audited(signed_in, session, council, analyst):
    response = write_comment(session, council, "Email me at me@example.org about SG-2025-00123")
    signed_in.get(LIST)
    review = review_of(session, response)
    page = signed_in.get(f"/reports/comments/{review.id}")
    assert "example.org" not in page.html and "00123" not in page.html
    assert "Email me at [email removed] about [reference removed]" in page.text
    assert page.form_values()["text"] == "Email me at [email removed] about [reference removed]"
    [event] = audit_events(session, "comment_viewed")
    assert (event.user_id, event.target_type, event.target_id) == (analyst.id, "CommentReview", review.id)


def test_tagging_and_approval_persist_and_a_double_submit_changes_nothing(signed_in, session, council, analyst):
    response = write_comment(session, council, "They listened to me")
    signed_in.get(LIST)
    review = review_of(session, response)
    themes = _theme_ids(session, council, "Being listened to", "Outcome")
    data = {"decision": "approved", "themes": themes, "text": "They listened to me"}
    first = signed_in.post(f"/reports/comments/{review.id}", data=data)
    assert first.headers["Location"] == f"/reports/comments/{review.id}"
    page = signed_in.get(f"/reports/comments/{review.id}", allow_checked_radios=True)
    assert "Your review of this comment has been saved." in page.text
    assert page.form_values()["decision"] == "approved"
    signed_in.post(f"/reports/comments/{review.id}", data=data)
    page = signed_in.get(f"/reports/comments/{review.id}", allow_checked_radios=True)
    assert "Nothing had changed, so nothing was saved." in page.text
    review = reload(session, review)
    assert review.status == CommentStatus.APPROVED
    assert [t.label for t in review.themes] == ["Being listened to", "Outcome"]
    assert (review.reviewed_by_id, review.text_version) == (analyst.id, 1)
    [event] = audit_events(session, "comment_reviewed")
    assert event.detail == {"status": "approved", "themes": sorted(themes), "text_changed": False,
                            "redaction_kinds": []}


def test_words_the_person_did_not_agree_to_share_cannot_be_approved(signed_in, session, council):
    response = write_comment(session, council, "They listened to me", quote_ok="no")
    signed_in.get(LIST)
    review = review_of(session, response)
    page = signed_in.get(f"/reports/comments/{review.id}")
    assert "No: the person did not agree to their words being used in reports" in page.text
    refused = signed_in.post(f"/reports/comments/{review.id}", expected_status=200, allow_checked_radios=True,
                             data={"decision": "approved", "text": "They listened to me"})
    assert refused.error_messages() == ["This comment cannot be quoted: the person did not say yes to their words "
                                        "being used in reports. Nothing was saved."]
    assert reload(session, review).status == CommentStatus.PENDING
    # Tagging it and marking it not for quoting still works.
    signed_in.post(f"/reports/comments/{review.id}", data={"decision": "not_approved", "text": "They listened to me"})
    assert reload(session, review).status == CommentStatus.NOT_APPROVED


def test_a_decision_must_be_chosen(signed_in, session, council):
    review = _review(signed_in, session, council, "Choose")
    page = signed_in.post(f"/reports/comments/{review.id}", data={"text": "Choose"}, expected_status=200)
    assert page.error_messages() == ["Select whether this comment can be quoted in reports"]
    assert reload(session, review).reviewed_at is None


def _review(signed_in, session, council, text):
    response = write_comment(session, council, text)
    signed_in.get(LIST)
    return review_of(session, response)


def test_an_analyst_can_take_more_words_out(signed_in, session, council):
    review = _review(signed_in, session, council, "My neighbour Brenda from number 5 helped.")
    signed_in.post(f"/reports/comments/{review.id}", data={
        "decision": "pending", "text": "My neighbour [removed] from [Address removed] helped.", "text_version": "1"})
    review = reload(session, review)
    assert review.redacted_text == "My neighbour ⟦other⟧ from ⟦address⟧ helped."
    assert (review.redaction_kinds, review.text_version, review.status) == (["address", "other"], 2, CommentStatus.PENDING)
    [event] = audit_events(session, "comment_reviewed")
    assert event.detail["text_changed"] is True


def test_an_edit_that_adds_words_is_refused(signed_in, session, council):
    review = _review(signed_in, session, council, "The help was not good.")
    page = signed_in.post(f"/reports/comments/{review.id}", expected_status=200, allow_checked_radios=True, data={
        "decision": "approved", "text": "The help was good, really good.", "text_version": "1"})
    assert page.error_messages() == [
        "You can only take words out of a comment, by replacing them with a label such as [removed]. "
        "Nothing was saved."]
    assert page.form_values()["text"] == "The help was good, really good."
    review = reload(session, review)
    assert (review.redacted_text, review.status, review.reviewed_at) == ("The help was not good.", CommentStatus.PENDING, None)
    assert audit_events(session, "comment_reviewed") == []


def test_an_edit_from_an_out_of_date_copy_is_refused(signed_in, session, council):
    # Words the redaction leaves alone (names such as "Alice" and "Bob" now go on the way in).
    review = _review(signed_in, session, council, "Soup and bread came.")
    signed_in.post(f"/reports/comments/{review.id}", data={
        "decision": "pending", "text": "[removed] and bread came.", "text_version": "1"})
    page = signed_in.post(f"/reports/comments/{review.id}", expected_status=200, allow_checked_radios=True, data={
        "decision": "pending", "text": "Soup and [removed] came.", "text_version": "1"})
    assert page.error_messages()[0].startswith("Someone else changed the text of this comment")
    assert page.form_values()["text"] == "[removed] and bread came."
    assert reload(session, review).redacted_text == "⟦other⟧ and bread came."


def test_a_retired_theme_stays_where_it_was_but_cannot_be_added(signed_in, session, council):
    tagged = _review(signed_in, session, council, "Tagged")
    untagged = _review(signed_in, session, council, "Untagged")
    [other] = _theme_ids(session, council, "Other")
    signed_in.post(f"/reports/comments/{tagged.id}", data={"decision": "pending", "themes": [other], "text": "Tagged"})
    signed_in.post(f"/reports/comments/themes/{other}/active", data={"active": "no"})
    assert "Other (retired)" in signed_in.get(f"/reports/comments/{tagged.id}").text
    assert "Other" not in [label.text.strip() for label in signed_in.get(f"/reports/comments/{untagged.id}").findall(".//label")]
    signed_in.post(f"/reports/comments/{untagged.id}", data={"decision": "pending", "themes": [other], "text": "Untagged"})
    assert reload(session, untagged).themes == []
    assert [t.label for t in reload(session, tagged).themes] == ["Other"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_councils_comment_is_not_found(signed_in, session, other_council, method):
    theirs = write_comment(session, other_council, "Private to Southbay")
    create_missing_reviews(session, other_council.id)
    session.commit()
    review = review_of(session, theirs)
    response = getattr(signed_in.client, method)(f"/reports/comments/{review.id}",
                                                 data={"decision": "approved", "text": "x"})
    assert response.status_code == 404
    assert "Private to Southbay" not in response.get_data(as_text=True)
    assert reload(session, review).status == CommentStatus.PENDING
    assert audit_events(session, "comment_viewed") == []


def test_another_councils_theme_is_not_found(signed_in, session, other_council):
    theme = CommentTheme(organisation_id=other_council.id, label="Theirs", position=1)
    session.add(theme)
    session.commit()
    signed_in.get(f"/reports/comments/themes/{theme.id}", expected_status=404)
    assert signed_in.client.post(f"/reports/comments/themes/{theme.id}", data={"label": "Mine"}).status_code == 404
    assert signed_in.client.post(f"/reports/comments/themes/{theme.id}/active", data={"active": "no"}).status_code == 404
    assert reload(session, theme).label == "Theirs" and theme.active


def test_an_analyst_of_several_councils_chooses_one(client_request, session, council, other_council):
    analyst = create_user(session, council, Role.ANALYST, password=PASSWORD)
    analyst.memberships.append(Membership(organisation_id=other_council.id, role=Role.ANALYST))
    session.commit()
    write_comment(session, council, "Northshire words")
    write_comment(session, other_council, "Southbay words")
    client_request.login(analyst, PASSWORD)
    assert "Northshire words" in client_request.get(LIST).text
    page = client_request.get(LIST + f"&council={other_council.slug}")
    assert "Southbay words" in page.text and "Northshire words" not in page.text


def test_practitioners_elsewhere_in_the_council_see_no_comments(client_request, session, council):
    analyst_elsewhere = create_organisation(session, name="Eastmoor Council")
    user = create_user(session, council, Role.PRACTITIONER, password=PASSWORD)
    user.memberships.append(Membership(organisation_id=analyst_elsewhere.id, role=Role.ANALYST))
    session.commit()
    response = write_comment(session, council, "Northshire private words")
    client_request.login(user, PASSWORD)
    assert "Northshire private words" not in client_request.get(LIST).html
    create_missing_reviews(session, council.id)
    session.commit()
    client_request.get(f"/reports/comments/{review_of(session, response).id}", expected_status=404)


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.DUTY, Role.ADMIN, Role.ADVOCATE])
@pytest.mark.parametrize("method, path", [
    ("get", "/reports/comments/"), ("get", "/reports/comments/{id}"), ("post", "/reports/comments/{id}"),
    ("get", "/reports/comments/themes"), ("post", "/reports/comments/themes"),
])
def test_staff_who_are_not_analysts_are_refused(client_request, session, council, role, method, path):
    response = write_comment(session, council, "Only for analysts")
    create_missing_reviews(session, council.id)
    session.commit()
    review = review_of(session, response)
    client_request.login(create_user(session, council, role, password=PASSWORD), PASSWORD)
    result = getattr(client_request.client, method)(path.format(id=review.id),
                                                    data={"decision": "approved", "text": "x", "add-label": "X"})
    assert result.status_code == 403
    assert "Only for analysts" not in result.get_data(as_text=True)
    assert reload(session, review).status == CommentStatus.PENDING


def test_staff_of_the_council_and_its_advocacy_services_are_named_nowhere(signed_in, session, council):
    advocacy = create_organisation(session, name="Voices Advocacy", kind=OrganisationKind.ADVOCACY)
    session.add(Partnership(council_id=council.id, partner_id=advocacy.id))
    session.commit()
    create_user(session, council, Role.PRACTITIONER, name="Priya Patel")
    create_user(session, advocacy, Role.ADVOCATE, name="Gethin Morgan-Jones")
    review = _review(signed_in, session, council, "Priya and Gethin Morgan-Jones were great; Patel rang.")
    page = signed_in.get(f"/reports/comments/{review.id}")
    assert "[name removed] and [name removed] were great; [name removed] rang." in page.text
    assert "Priya" not in page.html and "Gethin" not in page.html


def test_words_added_by_the_council_are_taken_out_of_existing_comments(signed_in, session, council):
    review = _review(signed_in, session, council, "The staff at Sunnyside Lodge were kind.")
    signed_in.post("/reports/comments/themes", data={"words-words": "Sunnyside Lodge\r\n\r\nsunnyside lodge\r\n"})
    assert reload(session, council).settings["comment_redaction_words"] == ["Sunnyside Lodge"]
    page = signed_in.get(f"/reports/comments/{review.id}")
    assert "The staff at [removed] were kind." in page.text and "Sunnyside" not in page.html
    [event] = audit_events(session, "comment_redaction_words_changed")
    assert event.detail == {"count": 1}


def test_the_themes_page_starts_with_the_default_list(signed_in, session, council):
    page = signed_in.get("/reports/comments/themes")
    labels = [row.find("td").text for row in page.findall(".//tbody/tr")]
    assert labels == list(DEFAULT_THEMES)
    signed_in.get("/reports/comments/themes")
    assert len(_theme_ids(session, council, *DEFAULT_THEMES)) == len(DEFAULT_THEMES)


@pytest.mark.parametrize("label, message", [
    ("", "Enter a name for the theme"),
    ("   ", "Enter a name for the theme"),
    ("x" * 81, "The name of the theme must be 80 characters or fewer"),
    ("being LISTENED to", "There is already a theme called “being LISTENED to”"),
])
def test_adding_a_theme_explains_what_is_wrong(signed_in, session, council, label, message):
    signed_in.get("/reports/comments/themes")
    page = signed_in.post("/reports/comments/themes", data={"add-label": label}, expected_status=200)
    assert page.error_messages() == [message]
    assert page.find(".//div[@class='govuk-error-summary']//a").get("href") == "#add-label"
    assert len(_theme_ids(session, council, *DEFAULT_THEMES)) == 8
    assert session.scalar(select(CommentTheme).where(CommentTheme.position > 8)) is None


def test_themes_can_be_added_renamed_retired_and_restored(signed_in, session, council):
    signed_in.get("/reports/comments/themes")
    signed_in.post("/reports/comments/themes", data={"add-label": "  Feeling   respected "})
    [theme_id] = _theme_ids(session, council, "Feeling respected")
    signed_in.get(f"/reports/comments/themes/{theme_id}")
    page = signed_in.post(f"/reports/comments/themes/{theme_id}", data={"label": "Outcome"}, expected_status=200)
    assert page.error_messages() == ["There is already a theme called “Outcome”"]
    signed_in.post(f"/reports/comments/themes/{theme_id}", data={"label": "Being respected"})
    signed_in.post(f"/reports/comments/themes/{theme_id}/active", data={"active": "no"})
    theme = reload(session, session.get(CommentTheme, theme_id))
    assert (theme.label, theme.active, theme.position) == ("Being respected", False, 9)
    signed_in.post(f"/reports/comments/themes/{theme_id}/active", data={"active": "yes"})
    assert reload(session, theme).active
    assert [e.action for e in audit_events(session) if e.action.startswith("comment_theme_")
            and e.action != "comment_themes_viewed"] == [
        "comment_theme_added", "comment_theme_renamed", "comment_theme_retired", "comment_theme_restored"]


def test_too_long_words_are_refused(signed_in, session, council):
    page = signed_in.post("/reports/comments/themes", data={"words-words": "fine\n" + "y" * 81}, expected_status=200)
    assert page.error_messages() == ["Each word or phrase must be 80 characters or fewer"]
    assert "comment_redaction_words" not in reload(session, council).settings


def test_the_home_page_leads_analysts_to_comments(signed_in):
    page = signed_in.get("/", check=False)
    assert "/reports/comments/" in [a.get("href") for a in page.findall(".//main//a")]


def test_comments_sent_in_welsh_are_marked_as_welsh(signed_in, session, council):
    response = write_comment(session, council, "Diolch i Ann am bopeth", language="cy")
    signed_in.get(LIST)
    page = signed_in.get(f"/reports/comments/{review_of(session, response).id}")
    [inset] = [div for div in page.findall(".//div[@class='govuk-inset-text']")]
    assert inset.get("lang") == "cy"
    [label] = inset.findall("span")
    assert (label.get("lang"), label.text) == ("en", "[name removed]")


def test_an_analyst_reading_in_welsh_sees_welsh_labels_and_can_type_them(signed_in, session, council):
    # Where the neighbour lives is left for the analyst to take out by hand (her name would go
    # on the way in).
    review = _review(signed_in, session, council, "Ring 07700900123, my neighbour across the road knows.")
    page = signed_in.get(f"/reports/comments/{review.id}?lang=cy", expected_lang="cy")
    assert page.form_values()["text"] == "Ring [rhif ffôn wedi’i dynnu], my neighbour across the road knows."
    signed_in.post(f"/reports/comments/{review.id}", data={
        "decision": "pending", "text": "Ring [rhif ffôn wedi’i dynnu], my neighbour [Wedi’i dynnu] knows.",
        "text_version": "1"})
    assert reload(session, review).redacted_text == "Ring ⟦phone⟧, my neighbour ⟦other⟧ knows."
