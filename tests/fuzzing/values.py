"""Hostile values, and the submissions of a form or an API body built from them.

A form's own values (its options, what a box already holds, what the records make valid) are
drawn first, so the first submission of every form is one a person could send; the rest mix in
control characters, very long text, awkward Unicode, numbers and dates at the edges, empty
values, repeated keys and fields nobody asked for.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote_plus

from hypothesis import strategies as st

LONG = 100_000

CONTROL = ["\x00", "a\x00b", "\x01\x02\x03\x07\x08", "\x0b\x0c\x1b[2J\x7f", "\r\n\r\n", "\t", "\u0085\u2028\u2029"]
UNICODE = [
    "\u202egnp.exe\u202c", "\u200f\u200e\u061c\u2066x\u2069", "e\u0301\u0301\u0301\u0301\u0308\u0308", "Z\u036b" * 40,
    "👩🏽‍⚕️🏳️‍🌈🇬🇧", "\U0001F4A9", "\U0010FFFF", "\ufeff", "\ufffd", "\ud800", "\udfff", "a\ud83db",
    "İ", "ß", "ﬃ", "Å", "\u00a0", "\u3000", "ﷺ", "١٢٣", "³", "½", "𝟙𝟚", "٣١/٠٢/٢٠٢٥",
]
NUMBERS = [
    "0", "-1", "1", "-0", "+5", " 7 ", "1.5", "1,000", "1_000", "0x1F", "1e3", "00000000000000000000001",
    str(2**31 - 1), str(2**31), str(-2**31 - 1), str(2**63), str(-2**63 - 1), str(2**64), "1" * 5000,
    "1e309", "-1e309", "1e-400", "NaN", "nan", "inf", "-Infinity",
]
DATES = [
    "2025-02-30", "2025-02-29", "2024-02-29", "0000-01-01", "0001-01-01", "9999-12-31", "10000-01-01",
    "2025-13-01", "2025-1-1", "31/02/2025", "2025-02-30T25:61:61", "-2025-01-01", "30", "31", "32", "13", "2",
    "9999", "10000", "0001",
]
MARKUP = [
    "", " ", "<script>alert(1)</script>", "' OR '1'='1", "%(name)s %s %n {0} {{7*7}} ${x}", "../../../etc/passwd",
    "CON", "null", "None", "true", "[]", "{}", "\\", "\"", "a" * 33, "x" * 257,
]
SHORT = CONTROL + UNICODE + NUMBERS + DATES + MARKUP
# A hundred thousand characters; those a form sends as several escapes each are a fifth as long
# (still far beyond any limit), as decoding them is most of the work of a request.
LONGS = ["x" * LONG, "1" * LONG, "é" * (LONG // 5), "😀" * (LONG // 5), "a\x00" * (LONG // 10),
         "\u202e" * (LONG // 5), "\r\n" * (LONG // 10)]

hostile_text = st.one_of(
    st.sampled_from(SHORT),
    st.text(max_size=40),
    st.integers(min_value=-2**70, max_value=2**70).map(str),
    st.floats().map(repr),
    st.dates().map(lambda day: day.isoformat()),
)
field_names = st.one_of(st.sampled_from(["", "\x00", "id", "organisation_id", "csrf_token[]", "a" * 300,
                                         "__proto__", "\u202ename"]), st.text(max_size=12))


def _short(value) -> str:
    text = value if isinstance(value, str) else repr(value)
    return repr(text) if len(text) <= 60 else f"{text[:30]!r}…({len(text)} characters)"


@dataclass
class Submission:
    """One request: where to, the form's fields in order (a name may repeat), and any files."""

    url: str
    pairs: list[tuple[str, str]] = field(default_factory=list)
    files: list[tuple[str, str, bytes]] = field(default_factory=list)
    body: bytes | None = None
    content_type: str | None = None
    headers: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        parts = [f"{_short(name)}={_short(value)}" for name, value in self.pairs]
        parts += [f"{_short(name)}=<file {_short(filename)}, {len(data)} bytes>" for name, filename, data in self.files]
        if self.body is not None:
            parts.append(f"body={_short(self.body.decode('utf-8', 'replace'))} as {self.content_type!r}")
        return f"POST {self.url} " + ", ".join(parts)

    def _repr_pretty_(self, printer, cycle):  # how hypothesis shows a failing example
        printer.text(repr(self))

    def encoded(self) -> tuple[bytes, str]:
        """The body as a browser would send it: UTF-8, percent-encoded, and any lone surrogate
        passed through as the bytes it would have been, which are not valid UTF-8."""
        if self.body is not None:
            return self.body, self.content_type
        text = "&".join(f"{_quote(name)}={_quote(value)}" for name, value in self.pairs)
        return text.encode("ascii"), "application/x-www-form-urlencoded"


@lru_cache(maxsize=1024)
def _quote(text: str) -> str:
    return quote_plus(text, encoding="utf-8", errors="surrogatepass")


def encodable(text: str) -> str:
    """``text`` with anything UTF-8 cannot carry replaced, for bodies a library encodes itself."""
    return text.encode("utf-8", "replace").decode("utf-8")


UPLOADS = [b"", b"\x00" * 64, b"ID3\x03\x00" + b"\x00" * 32, b"\xff\xfe\x00\x00garbage", "caf\u00e9".encode("latin-1"),
           b"case_reference,kind,opened_on\r\nR1,s42,2025-02-30\r\nR2,\x00,9999-12-31\r\n" + b"x," * 2000,
           "\ufeffcase_reference,kind\n\u202eR,s42\n".encode("utf-8"), b"=cmd|' /C calc'!A0,\n" * 50]
FILE_NAMES = ["upload.csv", "", "../../../etc/passwd", "a.csv\x00.exe", "\u202ecsv.exe", "é" * 300 + ".csv", "x.mp3"]


@st.composite
def form_submission(draw, url: str, fields, hints: dict) -> Submission:
    """A submission of a form found on a page: each field sent once (mostly), left out, or
    repeated; one field, perhaps, very long."""
    submission = Submission(url)
    named = [found.name for found in fields if found.kind != "file" and found.name != "csrf_token"]
    long_one = draw(st.sampled_from([None, *named]))
    for found in fields:
        if found.kind == "file":
            if draw(st.booleans()):
                submission.files.append((found.name, draw(st.sampled_from(FILE_NAMES)), draw(st.sampled_from(UPLOADS))))
            continue
        if found.name == "csrf_token":
            submission.pairs.append((found.name, found.value))  # kept valid, so validation is reached
            continue
        good = [*found.options, *hints.get(found.name, []), *([found.value] if not found.options else [])]
        value = st.one_of(st.sampled_from(good), hostile_text) if good else hostile_text
        if found.name == long_one:
            value = st.sampled_from(LONGS)
        shape = draw(st.sampled_from(["once", "once", "once", "left out", "repeated"]))
        if shape == "once":
            submission.pairs.append((found.name, draw(value)))
        elif shape == "repeated":
            submission.pairs += [(found.name, item) for item in draw(st.lists(value, min_size=2, max_size=3))]
    submission.pairs += draw(st.lists(st.tuples(field_names, hostile_text), max_size=2))
    return submission


# JSON for the API: bodies that are not JSON, not objects, nested deep, or of the wrong types.
RAW_BODIES = [
    b"", b"{", b"[" * 5000 + b"]" * 5000, b'{"a":' * 5000 + b"1" + b"}" * 5000, b"\xff\xfe{}", b"\xef\xbb\xbf{}",
    b'{"kind": "s42", "kind": ["other"]}', b'{"case_reference": NaN, "kind": Infinity}', b"null", b"1e309",
    b'{"\\u0000": "\\u0000"}', b'{"case_reference": "\\ud800"}', b'"' + b"x" * LONG + b'"',
]
wrong_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70), st.floats(),
              st.sampled_from([2**31, 2**63, -1, 1e308]), hostile_text, st.sampled_from(LONGS)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6,
)


def valid_json(schema: dict):
    """A value of the schema's own type, as a client that read the document would send."""
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if schema.get("format") == "date":
        return st.one_of(st.sampled_from(["2025-04-01", "2025-06-30"]), st.dates().map(lambda day: day.isoformat()))
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "array" in kinds:
        return st.lists(valid_json(schema.get("items", {})), max_size=3)
    if "string" in kinds:  # of the right type, though not always of the right content
        return st.one_of(st.uuids().map(str), st.text(max_size=schema.get("maxLength", 40) + 1), st.sampled_from(SHORT))
    if "integer" in kinds:
        return st.integers(min_value=-2**63, max_value=2**63)
    return wrong_json


@st.composite
def api_submission(draw, url: str, schema: dict | None, keys: list[str]) -> Submission:
    """A JSON body for an API operation: mostly an object with the schema's properties (valid,
    missing or of the wrong type), sometimes something else entirely; sent with one of ``keys``."""
    content_type = draw(st.sampled_from(["application/json", "application/json", "application/json; charset=latin-1",
                                         "text/plain", "application/x-www-form-urlencoded"]))
    shape = draw(st.sampled_from(["object", "object", "object", "raw", "other"]))
    headers = {"Authorization": draw(st.sampled_from(keys)),
               "Accept-Language": draw(st.sampled_from(["en", "cy", "ur", "*", "en;q=NaN, zz-ZZ;q=2", "x" * 300]))}
    if shape == "raw":
        return Submission(url, body=draw(st.sampled_from(RAW_BODIES)), content_type=content_type, headers=headers)
    if shape == "other":
        value = draw(wrong_json)
    else:
        value = {}
        for name, property_schema in (schema or {}).get("properties", {}).items():
            choice = draw(st.sampled_from(["valid", "valid", "wrong", "left out"]))
            if choice != "left out":
                value[name] = draw(valid_json(property_schema) if choice == "valid" else wrong_json)
        value.update(draw(st.dictionaries(field_names, wrong_json, max_size=2)))
    text = json.dumps(value, ensure_ascii=draw(st.booleans()), allow_nan=True)
    return Submission(url, body=text.encode("utf-8", "surrogatepass"), content_type=content_type, headers=headers)
