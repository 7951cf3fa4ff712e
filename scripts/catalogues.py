"""Keep the translation catalogues in step with the source.

    python scripts/catalogues.py update            # extract, merge into every .po, compile .mo
    python scripts/catalogues.py todo DOMAIN LANG  # untranslated ids of DOMAIN in LANG, as JSON
    python scripts/catalogues.py translate DOMAIN LANG FILE.json
                                                   # merge {msgid: msgstr | [forms]}, compile
    python scripts/catalogues.py check             # what is missing, fuzzy, stale (exit 1)

One domain for the core (``mentorcore``), one for click's own strings as the
CLI shows them (``click``), one per programme plugin. English is the language
of the message ids; its catalogue holds the ids themselves unless a text was
reworded. Writers take a file lock, so parallel runs do not lose entries.
"""

from __future__ import annotations

import ast
import fcntl
import io
import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("de", "en")
KEYWORDS = {"_": None, "plural": (1, 2), "mark": None}


def _domains() -> dict[str, tuple[Path, Path]]:
    """Domain → (source folder, locale folder)."""
    found = {"mentorcore": (ROOT / "src/mentorcore", ROOT / "src/mentorcore/locale")}
    plugins = [*(ROOT / "plugins").glob("*/src/mentorcore_*")]
    plugins += (ROOT / "docs/examples").glob("*/src/mentorcore_*")  # the tutorial's plugin
    for plugin in sorted(plugins):
        if plugin.is_dir() and not plugin.name.endswith(".egg-info"):
            found[plugin.name] = (plugin, plugin / "locale")
    return found


def _click_source() -> Path:
    import click

    return Path(click.__file__).parent


DOMAINS = _domains()
#: click's own strings (usage, errors, --help), translated for the CLI only.
CLICK = "click"


def source_of(domain: str) -> tuple[Path, Path]:
    if domain == CLICK:
        return _click_source(), ROOT / "src/mentorcore/locale"
    return DOMAINS[domain]


def all_domains() -> list[str]:
    return [*DOMAINS, CLICK]


def marked_texts(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, str | tuple[str, str], list[str]]]:
    """Babel extraction method for our keywords that also finds a ``_()`` nested
    in another's arguments (Babel's own Python extractor skips those silently)."""
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        texts = [a.value for a in node.args[:2] if isinstance(a, ast.Constant)]
        if not texts or not isinstance(texts[0], str):
            continue  # a marked constant passed on, e.g. _(DEPENDENCIES[kind])
        if isinstance(func, ast.Name) and func.id in ("_", "mark"):
            yield node.lineno, func.id, texts[0], []
        elif (
            isinstance(func, ast.Attribute)
            and func.attr == "plural"
            and isinstance(func.value, ast.Name)
            and func.value.id == "_"
            and len(texts) == 2
        ):
            yield node.lineno, "plural", (texts[0], texts[1]), []


def extract(domain: str) -> Catalog:
    """The messages the source of *domain* marks, as a template."""
    source = source_of(domain)[0]
    template = Catalog(domain=domain, project="mentorcore", fuzzy=False)
    skip = ("locale", "tests", "build")
    method = "python" if domain == CLICK else marked_texts
    for filename, lineno, message, comments, context in extract_from_dir(
        str(source),
        method_map=[("**.py", method)],
        keywords=KEYWORDS if domain != CLICK else {"_": None, "ngettext": (1, 2)},
        comment_tags=["Translators:"],
        strip_comment_tags=True,
    ):
        if any(part in skip for part in Path(filename).parts):
            continue
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def po_path(domain: str, language: str) -> Path:
    return source_of(domain)[1] / language / "LC_MESSAGES" / f"{domain}.po"


def read(domain: str, language: str) -> Catalog:
    path = po_path(domain, language)
    if not path.exists():
        return Catalog(locale=language, domain=domain, project="mentorcore", fuzzy=False)
    with path.open("rb") as f:
        return read_po(f, locale=language, domain=domain)


def write(catalog: Catalog, domain: str, language: str) -> None:
    path = po_path(domain, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.revision_date = catalog.creation_date  # no churn from dates
    catalog.fuzzy = False
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=100,
        omit_header=False,
        sort_output=True,
        include_lineno=False,
        ignore_obsolete=True,
    )
    path.write_bytes(buffer.getvalue())
    path.with_suffix(".mo").write_bytes(compiled(catalog))


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


@contextmanager
def locked() -> Iterator[None]:
    with (ROOT / ".catalogues.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def update(domains: list[str]) -> None:
    for domain in domains:
        template = extract(domain)
        for language in LANGUAGES:
            catalog = read(domain, language)
            created = catalog.creation_date
            catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
            catalog.creation_date = created  # no churn: the header keeps its date
            catalog.obsolete.clear()
            if language == "en":
                for message in catalog:
                    if message.id and not _translated(message.string):
                        message.string = message.id
            write(catalog, domain, language)


def _key(msgid: str | tuple[str, ...]) -> str:
    """The singular id of an entry (plural entries hold a tuple)."""
    return msgid[0] if isinstance(msgid, tuple) else msgid


def _translated(string: object) -> bool:
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


def todo(domain: str, language: str) -> dict[str, object]:
    catalog = read(domain, language)
    return {
        _key(m.id): (list(m.id) if isinstance(m.id, tuple) else "")
        for m in catalog
        if m.id and (not _translated(m.string) or m.fuzzy)
    }


def translate(domain: str, language: str, entries: dict[str, object]) -> list[str]:
    """Merge *entries*; returns the ids that the catalogue does not hold."""
    catalog = read(domain, language)
    unknown = []
    for msgid, string in entries.items():
        message = next((m for m in catalog if _key(m.id) == msgid), None)
        if message is None or not msgid:
            unknown.append(msgid)
            continue
        message.string = tuple(string) if isinstance(string, list) else string
        message.flags.discard("fuzzy")
    write(catalog, domain, language)
    return unknown


PLACEHOLDER = re.compile(r"(?<!\{)\{([a-zA-Z_][a-zA-Z0-9_]*)[^{}]*\}")


def check(domains: list[str] | None = None) -> list[str]:
    """Every problem of the catalogues, one line each ("" means none)."""
    problems = []
    for domain in domains or all_domains():
        wanted = {m.id for m in extract(domain) if m.id}
        for language in LANGUAGES:
            path = po_path(domain, language)
            where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            if not path.exists():
                problems.append(f"{where}: missing")
                continue
            catalog = read(domain, language)
            held = {m.id for m in catalog if m.id}
            for msgid in sorted(wanted - held, key=str):
                problems.append(f"{where}: not extracted yet (stale): {msgid!r}")
            for msgid in sorted(held - wanted, key=str):
                problems.append(f"{where}: no longer in the source: {msgid!r}")
            for m in catalog:
                if not m.id:
                    continue
                if m.fuzzy:
                    problems.append(f"{where}: fuzzy: {m.id!r}")
                if not _translated(m.string):
                    problems.append(f"{where}: untranslated: {m.id!r}")
                    continue
                ids = m.id if isinstance(m.id, tuple) else (m.id,)
                strings = m.string if isinstance(m.string, tuple) else (m.string,)
                names = set(PLACEHOLDER.findall(" ".join(ids)))
                for string in strings:
                    if domain != CLICK and set(PLACEHOLDER.findall(string)) - names:
                        problems.append(f"{where}: placeholders differ: {m.id!r}")
            mo = path.with_suffix(".mo")
            if not mo.exists() or mo.read_bytes() != compiled(catalog):
                problems.append(f"{where.with_suffix('.mo')}: not compiled from the .po")
    return problems


def main(argv: list[str]) -> int:
    command, *rest = argv or ["check"]
    if command == "update":
        with locked():
            update(rest or all_domains())
        return 0
    if command == "todo":
        print(json.dumps(todo(rest[0], rest[1]), ensure_ascii=False, indent=1))
        return 0
    if command == "translate":
        domain, language, file = rest
        with locked():
            unknown = translate(domain, language, json.loads(Path(file).read_text("utf-8")))
        for msgid in unknown:
            print(f"not in the catalogue (run update first?): {msgid!r}", file=sys.stderr)
        return 1 if unknown else 0
    if command == "check":
        problems = check(rest or None)
        print("\n".join(problems) or "catalogues complete")
        return 1 if problems else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
