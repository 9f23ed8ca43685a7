"""The `checklist-bot` console script: validate templates, export a form, run the bot."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from dataclasses import fields
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bot.config import PREFIX, ConfigError, Settings, load_settings
from bot.preflight import check_data_dir, export_path
from checklists.errors import ChecklistError
from checklists.loader import Catalog, load_catalog
from storage.errors import StorageError


def _catalog(settings: Settings) -> Catalog:
    extra = [settings.checklists_dir] if settings.checklists_dir else []
    return load_catalog(extra)


def cmd_checklists(settings: Settings, args: argparse.Namespace) -> int:
    """List every template; any problem in any file makes the exit code non-zero."""
    catalog = _catalog(settings)
    for checklist in catalog:
        items = len(checklist.items)
        print(
            f"{checklist.id} v{checklist.version}: {checklist.title} "
            f"({items} items in {len(checklist.groups)} groups)"
        )
    print(f"{len(catalog)} checklist(s) OK")
    return 0


async def _export(settings: Settings, inspection_id: int, out: Path) -> int:
    from checklists.documents import kind_of
    from storage import Storage

    if not (settings.data_dir / "checklist-bot.sqlite3").exists():
        print(f"error: no database in {settings.data_dir} (CHECKLIST_BOT_DATA_DIR)", file=sys.stderr)
        return 2
    storage = await Storage.open(settings.data_dir)
    try:
        filled = await storage.filled(inspection_id)
        if filled is None:
            print(f"error: no inspection with id {inspection_id} in {storage.db_path}", file=sys.stderr)
            return 2
        render = kind_of(out.name).render  # .xlsx or .pdf, by the file's suffix
        stats = render(filled, lambda p: storage.media.read(p.sha256), out, tz=settings.tz)
    finally:
        await storage.close()
    print(f"wrote {out} ({stats.bytes_written} bytes, {stats.photos} photos)")
    return 0


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    """Render one stored inspection as the official form: .xlsx or .pdf (see preflight)."""
    return asyncio.run(_export(settings, args.inspection_id, export_path(args.output)))


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    """Start the bot and poll until SIGTERM/SIGINT."""
    from bot.app import run

    settings.require_bot_settings()
    check_data_dir(settings)
    _catalog(settings)  # refuse to start on a broken template, with file:line errors
    _pdf_font()
    return run(settings)


def _pdf_font() -> None:
    """Refuse to start without the PDF's font, naming the package, rather than fail each form later."""
    from checklists.pdf_font import FontMissing, font_path

    try:
        font_path()
    except FontMissing as exc:
        raise ConfigError(str(exc)) from None


# What `run` reads, for `checklist-bot run --help` (the README has the full table).
# Every Settings field is listed; one missing here shows with a pointer to the README.
RUN_SETTINGS = {
    "token": "required: the bot token from BotFather; never logged",
    "group_id": "required: the bureau group's chat id, a negative number",
    "admin_ids": "comma-separated user ids of supervisors",
    "data_dir": "writable folder for the database and photos (default ./data)",
    "checklists_dir": "an extra folder of checklist .yaml files",
    "api_url": "the Bot API server root (default https://api.telegram.org)",
    "proxy": "http:// or socks5:// proxy URL",
    "timezone": "time zone of the dates on the form (default Asia/Shanghai)",
    "log_level": "DEBUG, INFO (default), WARNING or ERROR",
    "digest_at": "HH:MM local time of hazard reminders and the overdue digest (default 09:00)",
}


def _run_epilog() -> str:
    order = list(RUN_SETTINGS)
    names = sorted((f.name for f in fields(Settings) if f.name != "origins"),
                   key=lambda name: order.index(name) if name in order else len(order))
    lines = [f"  {PREFIX}{name.upper():<15} {RUN_SETTINGS.get(name, 'see README.md')}" for name in names]
    return (
        "settings (environment variables, or the same names in lower case\n"
        "in the --config file; the environment wins):\n" + "\n".join(lines) + "\n\n"
        "If the Bot API cannot be reached at start-up, run keeps trying\n"
        "(1 s doubling to 60 s) and starts serving as soon as it answers;\n"
        "SIGTERM or Ctrl-C stops it at any time."
    )


def _version() -> str:
    try:
        return version("checklist-bot")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="checklist-bot", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument("--config", type=Path, help="YAML file with settings (environment wins)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("checklists", help="list and validate the checklist templates").set_defaults(
        func=cmd_checklists
    )
    export = sub.add_parser("export", help="render a stored inspection as .xlsx or .pdf")
    export.add_argument("inspection_id", type=int)
    export.add_argument("-o", "--output", required=True,
                        help="the .xlsx or .pdf file to write (.xlsx is appended to a name without suffix)")
    export.set_defaults(func=cmd_export)
    sub.add_parser(
        "run", help="run the Telegram bot", description="Run the Telegram bot (long polling) until SIGTERM/SIGINT.",
        epilog=_run_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter,
    ).set_defaults(func=cmd_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    # Opt in to PTB 23's timedelta durations now: otherwise every 429 logs a
    # deprecation warning from inside PTB itself.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
        return int(args.func(settings, args))
    except (ConfigError, ChecklistError, StorageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
