"""One page of a long list, as every list of staff pages shows it."""
import pytest
from sqlalchemy import select

from feedback_app.models import Organisation
from feedback_app.pagination import PageNotFound, page_number, page_numbers, paginate
from werkzeug.datastructures import MultiDict

from .factories import create_organisation


@pytest.fixture
def councils(session):
    return [create_organisation(session, name=f"Council {n:02d}") for n in range(7)]


def _query():
    return select(Organisation.name).order_by(Organisation.name)


def test_pages_hold_their_share_of_the_rows(session, councils):
    first = paginate(session, _query(), 1, 3)
    assert [row.name for row in first.rows] == ["Council 00", "Council 01", "Council 02"]
    assert (first.total, first.last, first.first_shown, first.last_shown) == (7, 3, 1, 3)
    last = paginate(session, _query(), 3, 3)
    assert [row.name for row in last.rows] == ["Council 06"]
    assert (last.first_shown, last.last_shown) == (7, 7)


def test_entities_can_be_paged_and_extra_details_travel_with_the_page(session, councils):
    page = paginate(session, select(Organisation).order_by(Organisation.id), 2, 5, scalars=True, status="open")
    assert all(isinstance(row, Organisation) for row in page.rows) and len(page.rows) == 2
    assert page.status == "open"
    with pytest.raises(AttributeError):
        page.colour


@pytest.mark.parametrize("number", [0, -1, 4, 2**31])
def test_a_page_before_the_first_or_after_the_last_is_not_found(session, councils, number):
    with pytest.raises(PageNotFound):
        paginate(session, _query(), number, 3)


def test_an_empty_list_has_one_empty_page(session):
    page = paginate(session, _query(), 1, 3)
    assert (page.rows, page.last, page.first_shown, page.last_shown) == ([], 1, 0, 0)


@pytest.mark.parametrize("args, number", [({}, 1), ({"page": "3"}, 3), ({"page": "three"}, 1), ({"page": ""}, 1)])
def test_the_page_asked_for_is_read_forgivingly(args, number):
    assert page_number(MultiDict(args)) == number


def test_page_links_leave_gaps_between_far_pages():
    assert page_numbers(1, 1) == [1]
    assert page_numbers(5, 9) == [1, None, 4, 5, 6, None, 9]
    assert page_numbers(9, 9) == [1, None, 8, 9]


def test_the_links_keep_the_lists_filters(app, session, councils):
    from flask import render_template_string

    with app.test_request_context("/duty/?status=open&page=2"):
        page = paginate(session, _query(), 2, 1)
        html = render_template_string(
            '{% from "macros/pagination.html" import pagination with context %}'
            "{{ pagination(page, 'duty.queue', {'status': 'open'}, 'Pages of alerts') }}", page=page)
    assert 'aria-label="Pages of alerts"' in html
    assert 'href="/duty/?status=open&amp;page=1"' in html and 'href="/duty/?status=open&amp;page=3"' in html
    assert 'aria-current="page"' in html
