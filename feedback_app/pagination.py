"""One page of a long list: which rows, which page, and the page links to offer.

Casework lists, the duty desk's queue and the analysts' comments all page the same way: a page
number from ``?page=``, 404 for a page before the first or after the last, and links to the
first, the last and the pages beside the current one. The macro ``templates/macros/pagination.html``
draws the links.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil

from sqlalchemy import func, select
from sqlalchemy.orm import Session


class PageNotFound(LookupError):
    """A page number before the first page or after the last."""


@dataclass(frozen=True)
class Page:
    rows: list
    number: int
    total: int
    size: int
    extra: dict = field(default_factory=dict, compare=False)  # what else the list's page shows

    @property
    def last(self) -> int:
        return max(1, ceil(self.total / self.size))

    @property
    def first_shown(self) -> int:
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def last_shown(self) -> int:
        return self.first_shown + len(self.rows) - 1 if self.rows else 0

    def __getattr__(self, name):
        try:
            return self.__dict__["extra"][name]
        except KeyError:
            raise AttributeError(name) from None


def page_number(args) -> int:
    """The page asked for by ``?page=``; the first when it is missing or not a number."""
    return args.get("page", 1, type=int)


def paginate(session: Session, query, number: int, size: int, *, scalars: bool = False, **extra) -> Page:
    """Page ``number`` of ``query``'s rows (its entities, with ``scalars``); ``PageNotFound`` for a
    page that does not exist. The first page of an empty list exists."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    if number < 1 or number > max(1, ceil(total / size)):
        raise PageNotFound(number)
    paged = query.limit(size).offset((number - 1) * size)
    rows = session.scalars(paged).all() if scalars else session.execute(paged).all()
    return Page(list(rows), number, total, size, extra)


def page_numbers(current: int, last: int) -> list[int | None]:
    """The page links to offer: the first, the last and those beside the current; None is a gap."""
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    numbers: list[int | None] = []
    for number in wanted:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers
