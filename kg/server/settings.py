"""The server's limits as named settings, as Datasette keeps them (``Setting("sql_time_limit_ms",
1000, ...)``): each has a name, a default and a help text, and ``kg serve --setting NAME VALUE``
overrides it.

>>> resolve({"query_time_limit_ms": "2500"})["query_time_limit_ms"]
2500
>>> resolve({"cors": "off"})["cors"]
False
>>> resolve({"dump_base_url": "https://example.org/r/1.0/"})["dump_base_url"]
'https://example.org/r/1.0/'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from kg.errors import SettingError

__all__ = ["Setting", "SETTINGS", "resolve", "describe", "TRUNCATED_HEADER"]

#: Response header set (to ``true``) when a result was cut at ``max_returned_rows``.
TRUNCATED_HEADER = "KG-Truncated"




@dataclass(frozen=True)
class Setting:
    """One named limit: ``name``, ``default`` (its type is the setting's type) and ``help``."""

    name: str
    default: int | bool | str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("query_time_limit_ms", 10_000,
            "Time limit for one query, in milliseconds. The worker process running a query "
            "that takes longer is killed (the query really stops) and the client gets "
            "503 Service Unavailable; other queries are not held up meanwhile."),
    Setting("max_returned_rows", 10_000,
            "Most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) in one answer. A longer "
            "result is truncated, not refused: the answer is 200 with the first rows and the "
            f"header `{TRUNCATED_HEADER}: true`."),
    Setting("max_request_bytes", 1_000_000,
            "Largest request accepted: a longer POST body gets 413 Content Too Large, a longer "
            "query string 414 URI Too Long (one over twice the limit is cut off by the HTTP "
            "layer with 400)."),
    Setting("query_workers", 2,
            "Worker processes evaluating queries, one query each at a time. Further queries "
            "wait for a free worker, at most query_time_limit_ms (then 503)."),
    Setting("cors", True,
            "Send `Access-Control-Allow-Origin: *` and answer CORS preflight requests, so that "
            "pages on other sites can query the endpoint."),
    Setting("endpoint_url", "",
            "URL of the SPARQL endpoint as the world reaches it (behind a proxy, say "
            "https://example.org/sparql), named in the service description (sd:endpoint) and "
            "the dataset description (void:sparqlEndpoint). Empty (the default): /sparql at "
            "the address and port the server listens on; never taken from a request's Host "
            "header."),
    Setting("dump_base_url", "",
            "URL the release files (kg.trig, kg.nq, kg.ttl, kg.jsonld, written by "
            "`kg export --release DIR`) are published under; the dataset description "
            "(/.well-known/void, /dataset) links each as void:dataDump and "
            "dcat:Distribution. Empty (the default): no dumps are linked."),
)

_BY_NAME = {s.name: s for s in SETTINGS}
_TRUE, _FALSE = {"1", "true", "on", "yes"}, {"0", "false", "off", "no"}


_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


def _convert(setting: Setting, value: object) -> int | bool | str:
    if isinstance(setting.default, str):
        text = str(value).strip()
        if text and setting.name.endswith("_url") and not _URL.fullmatch(text):
            raise SettingError(f"setting {setting.name}: expected an http:// or https:// URL, "
                               f"got {value!r}")
        return text
    if isinstance(setting.default, bool):
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE | _FALSE:
            return text in _TRUE
        raise SettingError(f"setting {setting.name}: expected on or off, got {value!r}")
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise SettingError(f"setting {setting.name}: expected a whole number, got {value!r}") from None
    if number < 1:
        raise SettingError(f"setting {setting.name}: must be at least 1, got {number}")
    return number


def resolve(values: Mapping[str, object] | None = None) -> dict[str, int | bool | str]:
    """Every setting's value: the defaults, overridden by ``values`` (strings are converted).

    Raises:
        SettingError: an unknown name or a value that does not convert.
    """
    out: dict[str, int | bool | str] = {s.name: s.default for s in SETTINGS}
    for name, value in (values or {}).items():
        if name not in _BY_NAME:
            raise SettingError(f"unknown setting {name!r}; known: {', '.join(_BY_NAME)}")
        out[name] = _convert(_BY_NAME[name], value)
    return out


def describe() -> str:
    """The settings as text for ``--help`` and the docs: one paragraph each (name, default,
    help), separated by blank lines."""
    def default(s: Setting) -> str:
        if isinstance(s.default, str):
            return repr(s.default) if s.default else "empty"
        return ("on" if s.default else "off") if isinstance(s.default, bool) else str(s.default)
    return "\n\n".join(f"{s.name} (default {default(s)}): {s.help}" for s in SETTINGS)
