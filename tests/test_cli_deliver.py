"""``mentorcore deliver``: the outbox through the command line, as cron runs it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from smtp_server import SMTPServer

from mentorcore.cli import cli

END = "2027-09-23"  # the last day of the MEDiC demo year


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(cli, ["demo", "medic", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out / "medic.db"


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "medic.db"
    shutil.copy(demo_db, copy)
    return copy


def deliver(db: Path, *extra: str, env: dict[str, str] | None = None, actor="system") -> Result:
    return CliRunner().invoke(
        cli,
        ["--db", str(db), "--as", actor, "--today", END, "--lang", "en", "deliver", *extra],
        env={"MENTORCORE_SMTP_HOST": "", "MENTORCORE_MAIL_FROM": "", **(env or {})},
    )


def smtp_env(server: SMTPServer) -> dict[str, str]:
    return {
        "MENTORCORE_SMTP_HOST": server.host,
        "MENTORCORE_SMTP_PORT": str(server.port),
        "MENTORCORE_MAIL_FROM": "MEDiC-Mentoring <medic@example.org>",
        "MENTORCORE_APP_URL": "https://portal.example.org/mentoring",
    }


def test_core_mail_1_deliver_sends_once_and_exits_0(db, smtp_server: SMTPServer):
    first = deliver(db, env=smtp_env(smtp_server))
    assert first.exit_code == 0, first.output
    received = len(smtp_server.received)
    assert received > 10
    assert f"{received} sent, 0 to retry, 0 failed" in first.stdout
    message = smtp_server.received[0].message
    assert message["From"] == "MEDiC-Mentoring <medic@example.org>"
    assert "https://portal.example.org/mentoring" in message.get_body(("plain",)).get_content()
    again = deliver(db, env=smtp_env(smtp_server))
    assert again.exit_code == 0, again.output
    assert len(smtp_server.received) == received
    assert "0 sent" in again.stdout


def test_core_mail_1_a_server_that_is_down_exits_4_and_the_next_run_delivers(
    db, smtp_server: SMTPServer
):
    smtp_server.stop()
    down = deliver(db, env=smtp_env(smtp_server))
    assert down.exit_code == 4, down.output
    assert "cannot be reached" in down.output
    smtp_server.start()
    later = CliRunner().invoke(
        cli,
        ["--db", str(db), "--as", "system", "--today", "2027-09-24", "deliver"],
        env=smtp_env(smtp_server),
    )
    assert later.exit_code == 0, later.output
    assert smtp_server.received


def test_deliver_dry_run_and_mail_to_dir_send_nothing_to_a_server(db, tmp_path):
    dry = deliver(db, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Messages that would be sent" in dry.stdout
    folder = tmp_path / "mail"
    written = deliver(db, "--mail-to-dir", str(folder))
    assert written.exit_code == 0, written.output
    assert len(list(folder.glob("*.eml"))) > 10
    assert "No mail is owed now." in deliver(db, "--dry-run").stdout


def test_deliver_needs_its_settings_and_the_system(db):
    missing = deliver(db)
    assert missing.exit_code == 2
    assert "MENTORCORE_MAIL_FROM" in missing.output
    assert "Traceback" not in missing.output
    coordinator = deliver(db, "--dry-run", actor="katrin.vogel")
    assert coordinator.exit_code != 0
    assert "CORE-AUTH" in coordinator.output
