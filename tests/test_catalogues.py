"""The translation catalogues are complete, current and compiled, for the core,
click's strings and every programme plugin (``scripts/catalogues.py check``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("catalogues", ROOT / "scripts/catalogues.py")
assert _spec is not None
assert _spec.loader is not None
catalogues = importlib.util.module_from_spec(_spec)
sys.modules["catalogues"] = catalogues
_spec.loader.exec_module(catalogues)


@pytest.mark.parametrize("domain", catalogues.all_domains())
def test_every_catalogue_is_complete_current_and_compiled(domain: str) -> None:
    problems = catalogues.check([domain])
    assert not problems, "\n".join(problems[:40])


def test_the_check_finds_a_missing_a_fuzzy_and_a_stale_entry(tmp_path, monkeypatch) -> None:
    from babel.messages.catalog import Catalog

    source = tmp_path / "src" / "demo_pkg"
    source.mkdir(parents=True)
    (source / "rules.py").write_text(
        '_("kept {x}", x=1)\n_("untranslated")\n_("fuzzy one")\n_("new in the source")\n'
    )
    monkeypatch.setattr(catalogues, "ROOT", tmp_path)
    monkeypatch.setitem(catalogues.DOMAINS, "demo_pkg", (source, source / "locale"))
    catalogues.update(["demo_pkg"])
    de = catalogues.read("demo_pkg", "de")
    de.get("kept {x}").string = "behalten {y}"  # a placeholder the id lacks
    de.get("fuzzy one").string = "unscharf"
    de.get("fuzzy one").flags.add("fuzzy")
    de.delete("new in the source")
    catalogues.write(de, "demo_pkg", "de")
    problems = "\n".join(catalogues.check(["demo_pkg"]))
    assert "untranslated: 'untranslated'" in problems
    assert "fuzzy: 'fuzzy one'" in problems
    assert "not extracted yet (stale): 'new in the source'" in problems
    assert "placeholders differ: 'kept {x}'" in problems
    assert isinstance(de, Catalog)


def test_extraction_finds_a_message_nested_in_anothers_arguments(tmp_path) -> None:
    from babel.messages.extract import extract_from_dir

    (tmp_path / "rules.py").write_text(
        '_("outer {x}", x=_("inner"))\n_.plural("{n} a", "{n} b", 2, y=_("deep"))\n_(KINDS[kind])\n'
    )
    found = [
        m[2]
        for m in extract_from_dir(
            str(tmp_path),
            method_map=[("**.py", catalogues.marked_texts)],
            keywords=catalogues.KEYWORDS,
        )
    ]
    assert sorted(map(str, found)) == sorted(
        map(str, ["outer {x}", ("{n} a", "{n} b"), "inner", "deep"])
    )
