"""Walking the OParl interface like a client does, and checking what it finds against the
official OParl 1.1 schemas (schema/, from github.com/OParl/spec at tag v1.1, CC BY-SA 4.0).

The schemas name embedded objects with their own keyword ``"schema": "File.json"`` rather
than ``$ref``: ``validate`` checks each object with jsonschema, then every embedded object
against the schema its property names, and every date-time and date against the format
OParl 1.1 wants (with a UTC offset, no fractions of a second).
"""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft4Validator

SCHEMAS = {path.stem: json.loads(path.read_text()) for path in (Path(__file__).parent / "schema").glob("*.json")}
TYPE = re.compile(r"^https://schema\.oparl\.org/1\.1/(?P<name>\w+)$")
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
PREFIX = "/oparl/v1.1/"


def validate(data: dict, problems: list[str], where: str = "") -> str:
    """Check one object (and what it embeds); append what is wrong to ``problems``; return its type."""
    match = TYPE.match(data.get("type", ""))
    if not match or match["name"] not in SCHEMAS:
        problems.append(f"{where}: unknown type {data.get('type')!r}")
        return ""
    name = match["name"]
    schema = SCHEMAS[name]
    where = f"{where} {name} {data.get('id')}"
    for error in Draft4Validator(schema).iter_errors(data):
        problems.append(f"{where}: {error.message} at {list(error.path)}")
    for key, rule in schema["properties"].items():
        if key not in data:
            continue
        value = data[key]
        values = value if isinstance(value, list) else [value]
        fmt = rule.get("format") or rule.get("items", {}).get("format")
        for one in values:
            if fmt == "date-time" and not (isinstance(one, str) and DATE_TIME.match(one)):
                problems.append(f"{where}: {key} {one!r} is not a date-time with offset and whole seconds")
            if fmt == "date" and not (isinstance(one, str) and DATE.match(one)):
                problems.append(f"{where}: {key} {one!r} is not a date")
            embedded = rule.get("schema") or rule.get("items", {}).get("schema")
            if isinstance(one, dict) and embedded:
                kind = validate(one, problems, where)
                if kind and f"{kind}.json" != embedded:
                    problems.append(f"{where}: {key} embeds a {kind}, not a {embedded}")
    return name


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def embedded_objects(data):
    """Every object with an id and a type in ``data`` (itself included)."""
    if isinstance(data, dict):
        if "id" in data and "type" in data:
            yield data
        for value in data.values():
            yield from embedded_objects(value)
    elif isinstance(data, list):
        for value in data:
            yield from embedded_objects(value)


def urls_in(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from urls_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from urls_in(value)
    elif isinstance(data, str) and PREFIX in data and data.startswith("http"):
        yield data


def crawl(client, start: str = PREFIX) -> dict:
    """Every JSON answer of the interface reachable from the system object: path → (status, data).

    Files' bytes (accessUrl, downloadUrl) are not fetched here."""
    seen, queue, answers = set(), [start], {}
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        data = response.json() if response["Content-Type"].startswith("application/json") else None
        answers[path] = (response, data)
        for url in urls_in(data):
            target = path_of(url)
            if not re.search(r"/(access|download)/$", urlsplit(url).path):
                queue.append(target)
    return answers
