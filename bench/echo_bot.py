"""A bare python-telegram-bot echo bot: the baseline CPU cost of one update.

bench.load runs it against the same fake Bot API so ours/bare says how much
the checklist bot adds on top of PTB itself.
Run: ECHO_API_URL=http://127.0.0.1:PORT ECHO_TOKEN=... python -m bench.echo_bot
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply with the same text, nothing else."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "")


def main() -> None:
    url, token = os.environ["ECHO_API_URL"], os.environ["ECHO_TOKEN"]
    app = (ApplicationBuilder().token(token).base_url(f"{url}/bot")
           .base_file_url(f"{url}/file/bot").concurrent_updates(True).build())
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(allowed_updates=["message"])


if __name__ == "__main__":
    main()
