"""What the database holds, read outside the application: row counts per table and organisation
(one statement, cheap enough for every request), and every row of every table (before and after
each route's requests), with the rows that belong to a given set of organisations picked out."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Integer, cast, func, literal, select, union_all

from feedback_app.models import Base

# Rows that belong to an organisation without carrying its id: found through the row they hang from.
OWNED_THROUGH = {"answer": ("response_id", "response"), "comment_review_theme": ("review_id", "comment_review"),
                 "saved_form": ("user_id", "user_account")}


def _tables():
    return Base.metadata.sorted_tables


def _position(table_name: str, column: str) -> int:
    return [c.name for c in Base.metadata.tables[table_name].columns].index(column)


@cache
def _counting():
    parts = []
    for table in _tables():
        owner = table.c.get("organisation_id")
        if owner is None:
            parts.append(select(literal(table.name), cast(literal(None), Integer), func.count()).select_from(table))
        else:
            parts.append(select(literal(table.name), owner, func.count()).group_by(owner))
    return union_all(*parts)


def counts(engine) -> Counter:
    """Rows per (table, organisation id), the id None for tables without one."""
    with engine.connect() as connection:
        return Counter({(name, owner): number for name, owner, number in connection.execute(_counting())})


@dataclass
class Snapshot:
    rows: dict[str, dict[tuple, tuple]]

    @classmethod
    def take(cls, engine) -> Snapshot:
        rows = {}
        with engine.connect() as connection:
            for table in _tables():
                keys = [_position(table.name, column.name) for column in table.primary_key.columns]
                rows[table.name] = {tuple(values[i] for i in keys): values
                                    for values in map(tuple, connection.execute(select(table)))}
        return cls(rows)

    def changed(self, later: Snapshot) -> dict[str, set[tuple]]:
        """The keys of rows added, removed or altered, per table."""
        found = {}
        for name, before in self.rows.items():
            after = later.rows[name]
            keys = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
            if keys:
                found[name] = keys
        return found

    def _where(self, table_name: str, column: str, wanted: set) -> set[tuple]:
        index = _position(table_name, column)
        return {key for key, row in self.rows[table_name].items() if row[index] in wanted}

    def owned_by(self, organisation_ids: set[int]) -> dict[str, set[tuple]]:
        """The keys of the rows that belong to these organisations, per table."""
        memberships = self._where("membership", "organisation_id", organisation_ids)
        users = {self.rows["membership"][key][_position("membership", "user_id")] for key in memberships}
        owned = {"organisation": {(i,) for i in organisation_ids}, "user_account": {(i,) for i in users},
                 "partnership": self._where("partnership", "council_id", organisation_ids)
                 | self._where("partnership", "partner_id", organisation_ids)}
        for table in _tables():
            if "organisation_id" in table.c:
                owned[table.name] = self._where(table.name, "organisation_id", organisation_ids)
        for name, (column, parent) in OWNED_THROUGH.items():
            owned[name] = self._where(name, column, {key[0] for key in owned[parent]})
        return owned
