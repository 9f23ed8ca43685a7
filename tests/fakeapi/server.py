"""A local fake Telegram Bot API server for end-to-end tests over real HTTP.

It runs in the test's event loop while the bot runs as a separate process,
so the bot is exercised exactly as deployed (PTB, HTTP, its own retries).
Every call is checked against the official spec and Telegram's limits; any
refusal is also recorded in `violations` so a test can insist on none.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from aiohttp import BodyPartReader, web

from . import service as _service  # noqa: F401  (registers its handlers)
from .faults import Fault, FaultPlan
from .files import FileStore
from .flood import FloodMeter, counts_as_message
from .limits import check_limits
from .methods import HANDLERS
from .observe import Observer
from .params import ApiError, Params, Upload, attach_references, bad_request
from .spec import Spec, load_spec, require_spec_method
from .state import State, User
from .user import UserSide

log = logging.getLogger(__name__)
DEFAULT_TOKEN = "123456789:" + "FAKE-local-test-token_not-a-secret"
UNAUTHORIZED = {"ok": False, "error_code": 401, "description": "Unauthorized"}
NOT_FOUND = {"ok": False, "error_code": 404, "description": "Not Found"}
MAX_REQUEST = 60 * 1024 * 1024


class FakeBotAPI(UserSide, Observer):
    """The fake Telegram: bot-facing HTTP API plus user-side and inspection helpers."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        spec_path: Path | None = None,
        bot_username: str = "checklist_test_bot",
        bot_name: str = "Checklist Bot",
    ) -> None:
        self.token = token
        self.spec: Spec | None = load_spec(spec_path)
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 4242
        self.bot_user = User(bot_id, bot_name, bot_username, language_code=None, is_bot=True)
        self.state = State(self.bot_user)
        self.files = FileStore()
        self.faults = FaultPlan()
        self.flood = FloodMeter()
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.violations: list[str] = []
        self.generic_calls: list[str] = []  # spec-valid methods answered with a bare `true`
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.allowed_updates: list[str] | None = None
        self.poll_generation = 0
        self.closing = False
        self.url = ""
        self._runner: web.AppRunner | None = None

    @property
    def validating(self) -> bool:
        """False when the spec file is absent (e.g. a user's clone): limits only."""
        return self.spec is not None

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = web.Application(client_max_size=MAX_REQUEST)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_port = self._runner.addresses[0][1]
        self.url = f"http://{host}:{bound_port}"
        return self.url

    async def stop(self) -> None:
        """Release pending long polls first so shutdown doesn't wait for their timeouts."""
        self.closing = True
        self.state.changed.notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def fail(
        self,
        method: str,
        chat_id: int | None = None,
        times: int = 1,
        status: int = 429,
        retry_after: int = 1,
        description: str | None = None,
        delay: float = 0.0,
    ) -> None:
        """Make the next `times` valid calls of `method` fail; nothing is stored for them.

        delay holds each failing call that many seconds first (a hung Telegram:
        beyond the client's read timeout the call times out). times=0 cancels
        the pending faults for that method (and chat_id, if given).
        """
        if times <= 0:
            self.faults.cancel(method, chat_id)
            return
        self.faults.add(Fault(method, chat_id, times, status, retry_after, description, delay))

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    async def _handle_method(self, request: web.Request) -> web.Response:
        name = request.match_info["method"]
        if request.match_info["token"] != self.token:
            self.violations.append(f"{name}: called with a wrong token")
            return web.json_response(UNAUTHORIZED, status=401)
        params: dict[str, Any] = {}
        try:
            params, uploads = await _read_params(request)
            known = self.spec.canonical(name) if self.spec is not None else None
            self.calls.append((known or name, params))
            result = await self._call(name, params, uploads)
        except ConnectionError:  # the bot went away mid-request (killed): nobody to answer
            return web.Response(status=499)
        except ApiError as error:
            if error.violation:
                self.violations.append(f"{name}: {error.description} | {_summary(params)}")
            return web.json_response(error.payload(), status=error.status)
        except Exception as error:  # a bug in the fake server must fail the test, not hang it
            log.exception("fake Bot API crashed in %s", name)
            self.violations.append(f"{name}: fake server error {error!r}")
            return web.json_response(ApiError(500, "Internal Server Error").payload(), status=500)
        return web.json_response({"ok": True, "result": result})

    async def _call(self, name: str, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """Checks in Telegram's order of concern, then a fault if one is planned, then the work."""
        method = require_spec_method(self.spec, name)
        p = Params(params, uploads)
        _check_attachments(params, uploads)
        if self.spec is not None:
            self.spec.check_call(method, params)
        check_limits(method, p)
        chat_id = _chat_of(p)
        fault = self.faults.take(method, chat_id)
        if fault is not None:
            if fault.delay > 0:
                await asyncio.sleep(fault.delay)
            raise fault.error()
        handler = HANDLERS.get(method)
        if handler is None:
            self.generic_calls.append(method)
            return True
        result = await handler(self, p)
        if counts_as_message(method) and chat_id is not None:
            self.flood.record(chat_id)
        return result

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(UNAUTHORIZED, status=401)
        stored = self.files.by_path(request.match_info["file_path"])
        if stored is None:
            return web.json_response(NOT_FOUND, status=404)
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, Upload]]:
    """Query string plus body: urlencoded, multipart (files) or JSON, as Telegram accepts."""
    params: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.content_type == "application/json":
        body = await request.json()
        if not isinstance(body, dict):
            raise bad_request("JSON body must be an object")
        params.update(body)
    elif request.content_type == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader):
                continue  # nested multipart: Telegram doesn't use it
            if part.filename is not None:
                name, data = part.name or "", bytes(await part.read())
                uploads[name] = Upload(name, part.filename, part.headers.get("Content-Type"), data)
            else:
                params[part.name or ""] = await part.text()
    elif request.can_read_body:
        params.update(await request.post())
    referenced = set().union(*(attach_references(v) for v in params.values())) if params else set()
    for upload in uploads.values():
        if upload.name not in referenced:
            params[upload.name] = upload
    return params, uploads


def _check_attachments(params: dict[str, Any], uploads: dict[str, Upload]) -> None:
    for value in params.values():
        for name in attach_references(value):
            if name not in uploads:
                raise bad_request(f"file attach://{name} not found in the request")


def _chat_of(p: Params) -> int | None:
    try:
        return p.get_int("chat_id")
    except ApiError:
        return None


def _summary(params: dict[str, Any]) -> str:
    """Short parameters for a violation message; file contents are omitted."""
    shown = {key: ("<file>" if isinstance(value, Upload) else value) for key, value in params.items()}
    text = repr(shown)
    return text if len(text) <= 500 else text[:500] + "..."
