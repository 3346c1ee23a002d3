import pytest

from feedback_app.models import OrganisationKind, Role
from tests.auth.fixtures import PASSWORD
from tests.factories import create_organisation, create_user


def _rows(page):
    keys = [key.text.strip() for key in page.findall(".//dt")]
    values = [" ".join("".join(value.itertext()).split()) for value in page.findall(".//dd")]
    return dict(zip(keys, values))


def test_the_organisation_page_shows_name_kind_and_ons_code(client_request, records):
    council = create_organisation(records, name="Northshire Council", ons_code="E06000099")
    create_organisation(records, name="Southshire Council")
    client_request.login(create_user(records, council, Role.ADMIN), PASSWORD)
    page = client_request.get("/admin/organisation")
    assert page.h1 == "Northshire Council"
    assert _rows(page) == {
        "Name": "Northshire Council", "Kind of organisation": "Council", "ONS code": "E06000099",
    }
    assert "Southshire" not in page.text


@pytest.mark.parametrize("kind, label", [
    (OrganisationKind.ADVOCACY, "Advocacy service"), (OrganisationKind.HEALTHWATCH, "Healthwatch"),
])
def test_organisations_without_an_ons_code_say_so(client_request, records, kind, label):
    organisation = create_organisation(records, name="Speak Up", kind=kind)
    client_request.login(create_user(records, organisation, Role.ADMIN), PASSWORD)
    assert _rows(client_request.get("/admin/organisation")) == {
        "Name": "Speak Up", "Kind of organisation": label, "ONS code": "Not recorded",
    }


def test_admins_see_which_languages_are_checked(client_request, records):
    from feedback_app.models import Role
    from tests.factories import create_organisation, create_user

    # Welsh offered as it is; Urdu chosen but never accepted, so not offered.
    council = create_organisation(records, settings={"languages": ["en", "cy", "ur"], "languages_accepted": {
        "cy": {"by": None, "at": "2026-12-01T09:00:00"}}})
    admin = create_user(records, council, role=Role.ADMIN, password="a long enough password")
    client_request.login(admin, "a long enough password")
    page = client_request.get("/admin/organisation")
    tables = page.findall(".//table")
    assert len(tables) == 1
    rows = {row.find("td").text: "".join(row.findall("td")[1].itertext()).strip()
            for row in page.findall(".//tbody/tr") if row.find("td") is not None}
    assert rows["English"] == "Checked"
    assert rows["Cymraeg"] == "Needs checking by a native speaker"
    assert "Polski" not in rows and "اردو" not in rows
    assert page.find(".//a[@href='/admin/languages']") is not None
