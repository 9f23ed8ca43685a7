"""A local fake Telegram Bot API for end-to-end tests; see server.py."""

from .files import tiny_jpeg
from .observe import SentDocument
from .params import ApiError, Upload
from .server import DEFAULT_TOKEN, FakeBotAPI
from .spec import SPEC_PATH, Spec, load_spec
from .state import StoredMessage, User

__all__ = [
    "DEFAULT_TOKEN", "SPEC_PATH", "ApiError", "FakeBotAPI", "SentDocument", "Spec", "StoredMessage",
    "Upload", "User", "load_spec", "tiny_jpeg",
]
