"""``mentorcore certificate``: the certificate of participation (CORE-12) as a PDF.

The page comes from the library
(:func:`mentorcore.adapters.pdf.certificate_pdf`): the programme's words in the
chosen language (else the programme's), DejaVu Sans embedded, no id printed.
fpdf2 is imported only when a PDF is written.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from mentorcore import Certificate
from mentorcore.adapters.pdf import certificate_pdf
from mentorcore.cli.acting import target
from mentorcore.cli.context import common, session
from mentorcore.cli.files import inside, safe_name
from mentorcore.cli.helptext import command
from mentorcore.cli.output import echo, json_mode, print_json
from mentorcore.i18n import _, mark, render


@command(
    "certificate",
    short_help=mark("The certificate of participation as a PDF."),
    help=mark(
        "Write the certificate of participation of a completed tandem as a PDF, "
        "in the programme's words and language (or the one chosen): both names, "
        "the programme, the period, the meetings held, place and date (CORE-12)."
    ),
    examples=["mentorcore --as sophie.krueger certificate 3f2a9c1e --out certificate.pdf"],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help=mark("Where to write the PDF (default: certificate-MENTEE.pdf in this folder)."),
)
@common
def certificate(tandem_ref: str, out: Path | None) -> None:
    """The ``certificate`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    cert = engine.reader(actor).certificate(t.id)
    # The default name comes from the mentee's id, which the host chose: kept
    # to safe characters, in the working directory.
    path = out or inside(Path.cwd(), f"certificate-{safe_name(t.mentee)}.pdf")
    issued = session().today(engine.programme(cert.programme_key).timezone)
    path = write(cert, path, issued)
    if json_mode():
        print_json({"ok": True, "path": str(path), "certificate": summary(cert)})
    else:
        echo(
            str(
                _("Wrote the certificate of {mentee} to {path}", mentee=cert.mentee_name, path=path)
            )
        )


def summary(cert: Certificate) -> dict[str, Any]:
    """The certificate's facts as plain data, texts rendered in its language."""
    return {
        "tandem_id": str(cert.tandem_id),
        "programme_key": cert.programme_key,
        "programme_name": render(cert.programme_name, cert.language),
        "mentee_name": cert.mentee_name,
        "mentor_name": cert.mentor_name,
        "started_on": cert.started_on.isoformat(),
        "completed_on": cert.completed_on.isoformat(),
        "meetings_held": cert.meetings_held,
        "topics": [render(t, cert.language) for t in cert.topics],
        "language": cert.language,
    }


def write(cert: Certificate, path: Path, issued: date) -> Path:
    """Render *cert* into *path*, dated *issued* (folders created as needed); return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(certificate_pdf(cert, issued_on=issued))
    return path
