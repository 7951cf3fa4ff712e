"""A programme's people for its coordination, and the import of a CSV or JSON
file (the command line's importer: all rows or none, each problem named)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from mentorcore.domain import Role
from mentorcore.errors import InvalidInput
from mentorcore.i18n import using_language
from mentorcore.web.pages import words
from mentorcore.web.pages.forms import text
from mentorcore.web.pages.site import Page, Site, guarded

#: The largest file the import takes (a cohort of thousands is far smaller).
MAX_UPLOAD = 5 * 1024 * 1024


def router(site: Site) -> APIRouter:
    """``GET /programmes/{key}/people`` and ``POST /programmes/{key}/import``."""
    routes = APIRouter()

    @routes.get("/programmes/{key}/people", name="mentorcore_people")
    @guarded(site)
    async def people(request: Request, key: str) -> Response:
        page = site.page(request)
        return site.render(page, "people.html", **people_context(site, page, key))

    @routes.post("/programmes/{key}/import", name="mentorcore_import")
    @guarded(site)
    async def import_file(request: Request, key: str) -> Response:
        page = site.page(request)
        form = await site.form(page)
        actor = site.who(page)
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput([("file", words.WORDS["choose_a_file"])])
        data = await upload.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise InvalidInput([("file", words.WORDS["file_too_large"])])
        role = text(form, "role") or None
        problems, count = _import(site, page, key, upload.filename, data, role, actor)
        context = people_context(site, page, key) | {"problems": problems, "imported": count}
        status = 422 if problems else 200
        return site.render(page, "people.html", http_status=status, **context)

    return routes


def people_context(site: Site, page: Page, key: str) -> dict[str, Any]:
    """The programme's mentees, mentors and coordination, as the reader may see them."""
    reader = site.reader(page)
    programme = site.engine.programme(key)
    groups = []
    for role, title in (
        (Role.MENTEE, words.WORDS["mentees"]),
        (Role.MENTOR, words.WORDS["mentors"]),
        (Role.COORDINATOR, words.WORDS["coordination"]),
    ):
        found = reader.participants(key, role)  # refuses who does not coordinate it
        groups.append(
            (
                role.value,
                title,
                [
                    {
                        "name": p.person.name,
                        "email": p.person.email or "",
                        "track": programme.track_title(p.enrolment.track)
                        if p.enrolment.track
                        else "",
                        "capacity": p.enrolment.capacity if role is Role.MENTOR else None,
                    }
                    for p in found
                ],
            )
        )
    return {"programme": programme, "groups": groups, "problems": [], "imported": None}


def _import(
    site: Site, page: Page, key: str, filename: str, data: bytes, role: str | None, actor: Any
) -> tuple[list[str], int]:
    """Import the uploaded file all or nothing; its problems (none: imported)
    and the number of rows."""
    try:
        import click

        from mentorcore.cli import importing, readers  # the cli extra's importer
    except ImportError:
        raise InvalidInput([("file", words.WORDS["import_needs_cli"])]) from None
    suffix = Path(filename).suffix.lower()
    # The importer reports through the command line's session: give it one.
    command = click.Context(click.Command("import"))
    with tempfile.TemporaryDirectory() as folder, using_language(page.language), command:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        rows, problems = readers.read(path, programme=key, role=role)
        problems = problems or importing.run(site.engine, rows, actor, write=True)
        shown = [str(p).replace(str(path), filename) for p in problems]
    return shown, len(rows)
