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
from mentorcore.cli.helptext import command
from mentorcore.cli.language import follow
from mentorcore.cli.output import heading, json_mode, print_json, say, table
from mentorcore.domain.labels import label
from mentorcore.i18n import Message, Text, _, mark

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


#: What those kinds are called.
_KIND_LABELS: dict[str, Message] = {
    "hard": _("hard"),
    "hard (matching)": _("hard (matching)"),
    "scoring": _("scoring"),
    "visibility": _("visibility"),
    "advisory": _("advisory"),
    "due action": _("due action"),
    "cadence": _("cadence"),
    "data": _("data"),
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


@command(
    "programmes",
    short_help=mark("Installed programmes, their rules and settings."),
    help=mark(
        "List the installed programmes, or show one with its rules, settings "
        "and fields.\n\n"
        "Every programme also follows the core rules (CORE-1 to CORE-15) of the "
        "generic flow; its plugin adds and changes rules as listed here."
    ),
    examples=["mentorcore programmes", "mentorcore programmes medic"],
)
@click.argument("key", required=False)
@common
def programmes(key: str | None) -> None:
    """The ``programmes`` command (its help: the ``help`` above)."""
    s = session()
    # No database is needed to list what is installed: an empty one will do.
    own = not s.exists()
    engine = Engine(":memory:", clock=s.clock) if own else s.engine()
    try:
        chosen = [engine.programme(key)] if key else engine.programmes()
        if key:
            follow(chosen[0].language)
        if json_mode():
            print_json([_as_data(engine, p) for p in chosen])
        elif key:
            _show(engine, chosen[0])
        else:
            table(
                [_("key"), _("name"), _("tracks"), _("time zone"), _("rules"), _("settings")],
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
                title=_("Installed programmes"),
            )
            say(
                _(
                    "Every programme follows the core rules (docs/rules.md); "
                    "its plugin adds its own."
                )
            )
            say(_("Show one with: {command}", command="mentorcore programmes KEY"))
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
    if p.tracks:
        say(_("Time zone {zone}; tracks: {tracks}", zone=p.timezone, tracks=", ".join(p.tracks)))
    else:
        say(_("Time zone {zone}; no tracks", zone=p.timezone))
    rules = rules_of(engine, p.key)
    if not rules:
        say(
            _("Its plugin adds no rules: the core rules of the generic flow apply (docs/rules.md).")
        )
    table(
        [_("rule"), _("kind"), _("what it says")],
        (
            [r.rule_id, ", ".join(str(_KIND_LABELS.get(k, k)) for k in r.kinds), r.summary]
            for r in rules
        ),
        title=_(
            "Rules of the {programme} plugin (plus the core rules, see docs/rules.md)",
            programme=p.key,
        ),
    )
    table(
        [_("setting"), _("value"), _("default"), _("meaning")],
        ([s.name, repr(s.effective), repr(s.default), s.description] for s in p.settings),
        title=_("Settings"),
    )
    for role, title in (
        (Role.MENTEE, _("Profile fields of mentees (CSV/JSON columns for `mentorcore import`)")),
        (Role.MENTOR, _("Profile fields of mentors (CSV/JSON columns for `mentorcore import`)")),
    ):
        fields = p.fields_for(role)
        if fields:
            table(
                [_("field"), _("kind"), _("required"), _("label / choices")],
                _field_rows(fields),
                title=title,
            )
    if p.topics:
        table(
            [_("topic"), _("title")],
            (
                [_("{key} (out of scope)", key=t.key) if t.out_of_scope else t.key, t.title]
                for t in p.topics
            ),
            title=_("Topic catalogue"),
        )


def _field_rows(fields: Iterable[ProfileField]) -> Iterable[list[Text]]:
    for f in fields:
        text = (
            _("{label}; one of {choices}", label=f.label, choices=", ".join(f.choices))
            if f.choices
            else f.label
        )
        yield [f.name, label(f.kind), _("yes") if f.required else _("no"), text]
