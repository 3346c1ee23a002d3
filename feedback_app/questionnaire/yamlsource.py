"""Reading survey YAML while remembering where every value came from.

A council officer editing a questionnaire needs to be told the line to fix, so the parsed tree
carries line numbers: each mapping and list knows the line of each of its entries.
"""
from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.resolver import Resolver


class LineDict(dict):
    """A mapping that knows its own line and the line of each key (1-based)."""

    line: int = 1
    lines: dict


class LineList(list):
    """A list that knows its own line and the line of each item (1-based)."""

    line: int = 1
    lines: list


class _SurveyLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans and duplicate-key detection.

    YAML 1.1 reads the bare words yes, no, on and off as booleans, which would turn the option
    key `yes` into True; authors should not have to remember to quote everyday words.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[int, str]] = []

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            raise ConstructorError(None, None, "expected a mapping", node.start_mark)
        # Keys brought in by a `<<` merge may be overridden on purpose; only repeats written out
        # by hand are mistakes.
        written = {id(key) for key, _ in node.value if key.tag != "tag:yaml.org,2002:merge"}
        self.flatten_mapping(node)
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        mapping.lines = {}
        seen_written = set()
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool, type(None))):
                raise ConstructorError(None, None, "a key must be a plain word",
                                       key_node.start_mark)
            if id(key_node) in written:
                if key in seen_written:
                    self.duplicates.append((key_node.start_mark.line + 1, str(key)))
                seen_written.add(key)
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.lines[key] = key_node.start_mark.line + 1
        return mapping

    def construct_sequence(self, node, deep=False):
        items = LineList(self.construct_object(child, deep=True) for child in node.value)
        items.line = node.start_mark.line + 1
        items.lines = [child.start_mark.line + 1 for child in node.value]
        return items

    def construct_yaml_map(self, node):
        # The default yields an empty dict first and fills it later; building it in one go keeps
        # the line information attached to the object that ends up in the tree.
        yield self.construct_mapping(node)

    def construct_yaml_seq(self, node):
        yield self.construct_sequence(node)


_SurveyLoader.add_constructor("tag:yaml.org,2002:map", _SurveyLoader.construct_yaml_map)
_SurveyLoader.add_constructor("tag:yaml.org,2002:seq", _SurveyLoader.construct_yaml_seq)

# Replace the YAML 1.1 boolean rule with the YAML 1.2 one (true/false only).
_SurveyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}
_SurveyLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class YamlProblem(Exception):
    """The text is not YAML we can read; ``line`` says where the reader gave up."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _explain(error: yaml.MarkedYAMLError) -> YamlProblem:
    context = error.context or ""
    # An unclosed quote or bracket is only noticed where the file ends or the next key begins;
    # the line to fix is the one where it was opened.
    if error.context_mark and "quoted scalar" in context:
        return YamlProblem(error.context_mark.line + 1,
                           "a quotation mark opened on this line is never closed")
    if error.context_mark and "flow" in context:
        return YamlProblem(error.context_mark.line + 1,
                           "a [ or { opened on this line is not closed properly")
    if error.context_mark and "simple key" in context:
        return YamlProblem(error.context_mark.line + 1, "this line needs a ':' after its name")
    mark = error.problem_mark or error.context_mark
    what = error.problem or context or "the file is not valid YAML"
    for known, plain in _PLAIN_WORDS.items():
        if known in what:
            what = plain
            break
    else:
        what = f"the YAML cannot be read ({what}); check the indentation and quotes"
    return YamlProblem(mark.line + 1 if mark else 1, what)


_PLAIN_WORDS = {
    "expected <block end>": "this line is indented differently from the lines around it",
    "mapping values are not allowed": "a ':' is out of place here; check the indentation, or put "
                                      "text that contains ': ' in quotes",
    "'\\t'": "tabs cannot be used to indent; use spaces",
}


def parse(text: str) -> tuple[Any, list[tuple[int, str]]]:
    """Parse one YAML document; return the tree and any duplicated keys as (line, key)."""
    loader = _SurveyLoader(text)
    try:
        tree = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        raise _explain(error) from None
    except yaml.YAMLError as error:
        raise YamlProblem(1, f"the YAML cannot be read ({error})")
    finally:
        loader.dispose()
    return tree, loader.duplicates


def line_of(tree: Any, path) -> int:
    """The line of the value at ``path`` (keys and indexes), or of its nearest existing parent."""
    line = getattr(tree, "line", 1)
    node = tree
    for step in path:
        if isinstance(node, LineDict) and step in node:
            line = node.lines[step]
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.lines[step]
            node = node[step]
        else:
            break
    return line
