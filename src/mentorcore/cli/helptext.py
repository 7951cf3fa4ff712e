"""Help texts of commands and options, shown in the invocation's language.

click takes help texts as strings when the commands are defined, at import
time, before any language is chosen. So they are written in English and
marked for extraction (``help=mark("...")``), and :class:`Command` and
:class:`Group` translate them when the help is shown: the command's text,
its short help in a group's listing, every option's help (click's own
``--help`` and ``--version`` from the ``click`` catalogue), and its
examples under a translated heading. Examples are command lines, the same
in every language, so they are given apart (``examples=[...]``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from mentorcore.i18n import _
from mentorcore.i18n.catalogue import translations
from mentorcore.i18n.language import current_language

F = TypeVar("F", bound=Callable[..., Any])


def translated(text: str) -> str:
    """*text* (a help text, marked for extraction) in the context's language:
    from the core's catalogue, else click's, else as it is."""
    language = current_language()
    for domain in ("mentorcore", "click"):
        found = translations(domain, language).gettext(text)
        if found != text:
            return found
    return text


class Localized(click.Command):
    """Help in the context's language (see the module).

    :param examples: Command lines shown under "Example:" / "Examples:".
    """

    def __init__(self, *args: Any, examples: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.examples = tuple(examples)

    def _help(self) -> str:
        return translated(inspect.cleandoc(self.help)) if self.help else ""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command's own text, translated."""
        text = self._help().partition("\f")[0]
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The short help (given, or the start of the help), translated."""
        if self.short_help:
            return translated(inspect.cleandoc(self.short_help)).strip()
        text = self._help()
        if not text:
            return ""
        first = text.split("\n\n")[0].replace("\n", " ").strip()
        sentence = first.split(". ")[0].rstrip(".")
        return sentence if len(sentence) <= limit else sentence[: limit - 3].rstrip() + "..."

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Every option with its help translated, then a group's commands."""
        rows = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None or isinstance(param, click.Argument):
                continue
            spec, text = record
            own = param.help or ""
            if param is self.get_help_option(ctx):
                # click builds its help option once per command and caches it, in
                # whatever language was chosen first: name it afresh each time.
                own = text = "Show this message and exit."
            if own and text.startswith(own):
                text = translated(own) + text[len(own) :]
            rows.append((spec, text))
        if rows:
            with formatter.section(translated("Options")):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The examples, under a translated heading."""
        super().format_epilog(ctx, formatter)
        if not self.examples:
            return
        heading = _.plural("Example", "Examples", len(self.examples))
        with formatter.section(str(heading)):
            for line in self.examples:
                formatter.write(f"{'':>{formatter.current_indent}}{line}\n")


class Command(Localized):
    """A command whose help is shown in the context's language."""


class Group(Localized, click.Group):
    """A group whose help, and whose commands' help, is shown in the context's language."""

    command_class = Command
    group_class = type  # subgroups are of the same class


def command(name: str, **attrs: Any) -> Callable[[Callable[..., Any]], Command]:
    """``click.command`` making a :class:`Command`."""
    return click.command(name, cls=Command, **attrs)


def group(name: str, **attrs: Any) -> Callable[[Callable[..., Any]], Group]:
    """``click.group`` making a :class:`Group`."""
    return click.group(name, cls=Group, **attrs)
