"""``mentorcore programmes``: the installed programmes, their rules and settings.

A programme's rules are read from its plugin: every hook implementation is
named after its rule and its docstring starts with the rule ID
(``"MEDIC-ELIG-1: mentees study ..."``, see docs/writing-plugins.md), so the
listing is what the plugin actually enforces, not a copy that can drift.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable

import click
from attrs import frozen

from mentorcore import Engine, ProfileField, Programme, Role
from mentorcore.cli.context import common, session
from mentorcore.cli.output import heading, json_mode, print_json, say, table

_RULE_ID = re.compile(r"\b(?:[A-Z]+-[A-Z]+-\d+|CORE-\d+|CORE-[A-Z]+)\b")

#: What a hook's answers do, by hook name (the families of docs/hooks.md).
_KIND = {
    "mentorcore_check_transition": "hard",
    "mentorcore_check_enrolment": "hard",
    "mentorcore_check_pairing": "hard",
    "mentorcore_allowed_roles": "hard",
    "mentorcore_pair_masks": "hard (matching)",
    "mentorcore_pair_criteria": "scoring",
    "mentorcore_can_view": "visibility",
    "mentorcore_collect_advisories": "advisory",
    "mentorcore_collect_due_actions": "due action",
    "mentorcore_cadence_rules": "cadence",
    "mentorcore_agreement_template": "data",
    "mentorcore_register_programmes": "data",
}


#: Whose docstring describes a rule best, strongest first.
_RANK = (
    "hard",
    "hard (matching)",
    "cadence",
    "due action",
    "advisory",
    "visibility",
    "scoring",
    "data",
)


@frozen
class Rule:
    """A rule a programme's plugin implements.

    :ivar rule_id: The ID, e.g. ``"MEDIC-ELIG-1"``.
    :ivar summary: The first sentence of the first implementation's docstring.
    :ivar kinds: What it does (hard, advisory, scoring, ...), from its hooks.
    """

    rule_id: str
    summary: str
    kinds: tuple[str, ...]


def rules_of(engine: Engine, programme_key: str) -> list[Rule]:
    """The rules the plugins that registered *programme_key* implement, by ID."""
    pm = engine.plugin_manager
    found: dict[str, tuple[int, str, list[str]]] = {}
    # The plugins that registered the programme: the basis of programme isolation.
    for name in sorted(engine.hooks.owners.get(programme_key, ())):
        plugin = pm.get_plugin(name)
        for caller in pm.get_hookcallers(plugin) or ():
            for impl in caller.get_hookimpls():
                if impl.plugin is not plugin:
                    continue
                head, _, text = (inspect.getdoc(impl.function) or "").partition(":")
                summary = text.strip().splitlines()[0] if text.strip() else ""
                kind = _KIND.get(caller.name, caller.name.removeprefix("mentorcore_"))
                rank = _RANK.index(kind) if kind in _RANK else len(_RANK)
                for rule_id in _RULE_ID.findall(head):
                    best, said, kinds = found.get(rule_id, (len(_RANK) + 1, "", []))
                    if kind not in kinds:
                        kinds.append(kind)
                    # Say what the rule does in the words of its strongest hook.
                    found[rule_id] = (rank, summary, kinds) if rank < best else (best, said, kinds)
    return [
        Rule(rule_id, summary, tuple(kinds))
        for rule_id, (_, summary, kinds) in sorted(found.items(), key=lambda i: _order(i[0]))
    ]


def _order(rule_id: str) -> tuple[str, ...]:
    # MEDIC-CAD-2 before MEDIC-CAD-10: compare numbers as numbers.
    return tuple(part.zfill(4) if part.isdigit() else part for part in rule_id.split("-"))


@click.command("programmes", short_help="Installed programmes, their rules and settings.")
@click.argument("key", required=False)
@common
def programmes(key: str | None) -> None:
    """List the installed programmes, or show one with its rules, settings and fields.

    Every programme also follows the core rules (CORE-1 to CORE-15) of the
    generic flow; its plugin adds and changes rules as listed here.

    \b
    Example:
      mentorcore programmes
      mentorcore programmes medic
    """
    s = session()
    # No database is needed to list what is installed: an empty one will do.
    own = not s.db.exists()
    engine = Engine(":memory:", clock=s.clock) if own else s.engine()
    try:
        chosen = [engine.programme(key)] if key else engine.programmes()
        if json_mode():
            print_json([_as_data(engine, p) for p in chosen])
        elif key:
            _show(engine, chosen[0])
        else:
            table(
                ["key", "name", "tracks", "time zone", "rules", "settings"],
                (
                    [
                        p.key,
                        str(p.name),
                        ", ".join(p.tracks) or "-",
                        p.timezone,
                        str(len(rules_of(engine, p.key))),
                        str(len(p.settings)),
                    ]
                    for p in chosen
                ),
                title="Installed programmes",
            )
            say("Every programme follows the core rules (docs/rules.md); its plugin adds its own.")
            say("Show one with: mentorcore programmes KEY")
    finally:
        if own:
            engine.close()


def _as_data(engine: Engine, p: Programme) -> dict[str, object]:
    return {
        "key": p.key,
        "name": p.name,
        "timezone": p.timezone,
        "tracks": p.tracks,
        "description": p.description,
        "rules": rules_of(engine, p.key),
        "settings": [
            {
                "name": s.name,
                "value": s.effective,
                "default": s.default,
                "description": s.description,
            }
            for s in p.settings
        ],
        "mentee_fields": p.mentee_fields,
        "mentor_fields": p.mentor_fields,
        "topics": p.topics,
        "contacts": p.contacts,
        "templates": [{"key": t.key, "title": t.title, "purpose": t.purpose} for t in p.templates],
    }


def _show(engine: Engine, p: Programme) -> None:
    heading(f"{p.name} ({p.key})")
    say(str(p.description))
    say(f"Time zone {p.timezone}; tracks: {', '.join(p.tracks) or 'none'}")
    rules = rules_of(engine, p.key)
    if not rules:
        say("Its plugin adds no rules: the core rules of the generic flow apply (docs/rules.md).")
    table(
        ["rule", "kind", "what it says"],
        ([r.rule_id, ", ".join(r.kinds), r.summary] for r in rules),
        title=f"Rules of the {p.key} plugin (plus the core rules, see docs/rules.md)",
    )
    table(
        ["setting", "value", "default", "meaning"],
        ([s.name, repr(s.effective), repr(s.default), str(s.description)] for s in p.settings),
        title="Settings",
    )
    for role in (Role.MENTEE, Role.MENTOR):
        fields = p.fields_for(role)
        if fields:
            table(
                ["field", "kind", "required", "label / choices"],
                _field_rows(fields),
                title=f"Profile fields of {role.value}s (CSV/JSON columns for `mentorcore import`)",
            )
    if p.topics:
        table(
            ["topic", "title"],
            (
                [t.key + (" (out of scope)" if t.out_of_scope else ""), str(t.title)]
                for t in p.topics
            ),
            title="Topic catalogue",
        )


def _field_rows(fields: Iterable[ProfileField]) -> Iterable[list[str]]:
    for f in fields:
        text = f"{f.label}; one of {', '.join(f.choices)}" if f.choices else str(f.label)
        yield [f.name, f.kind.value, "yes" if f.required else "no", text]
