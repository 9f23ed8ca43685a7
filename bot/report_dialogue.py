"""The short guided dialogue for the numbers of annexes 1 and 5 the bot cannot know.

`/report-input 1 2025-06` asks, one column at a time, for that month's
values. The bureau group keeps privacy mode on, so each question is sent
with ForceReply: the supervisor's answer is a reply to it, which Telegram
delivers to the bot (and which cannot be mistaken for an inspection answer
in a private chat either). Every answer is stored at once with who entered
it; only the position in the dialogue is kept in memory, so a restart
loses at most the question being asked, never a value.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import ForceReply, Message, Update
from telegram.ext import ContextTypes, filters

from bot import texts
from bot.report_service import KEY, ReportService
from checklists.reports.inputs import DECIMAL_KEYS
from checklists.reports.period import month_label, parse_month
from checklists.reports.registry import ENTERED

DIALOGUES = "report_dialogues"  # bot_data: (chat, prompt message id) -> Dialogue
SKIP, CLEAR, STOP = "跳过", "清空", "结束"


@dataclass
class Dialogue:
    user_id: int
    annex: str
    month: str
    index: int = 0
    changed: int = 0


def dialogues(context: ContextTypes.DEFAULT_TYPE) -> dict[tuple[int, int], Dialogue]:
    return context.application.bot_data.setdefault(DIALOGUES, {})


class PromptReply(filters.MessageFilter):
    """A text replying to one of our questions (looked up in bot_data at filter time)."""

    def __init__(self, found: dict[tuple[int, int], Dialogue]) -> None:
        super().__init__(name="report_prompt_reply")
        self._found = found

    def filter(self, message: Message) -> bool:
        target = message.reply_to_message
        return bool(message.text) and target is not None and (message.chat_id, target.message_id) in self._found


def parse_start(args: list[str]) -> tuple[str, str] | None:
    """('1' or '5', YYYY-MM) of `/report-input 1 2025-06`; None if malformed."""
    if len(args) != 2 or args[0] not in ENTERED:
        return None
    month = parse_month(args[1])
    return None if month is None else (args[0], month)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    service: ReportService = context.application.bot_data[KEY]
    message = update.effective_message
    parsed = parse_start(args)
    if parsed is None:
        await message.reply_text(texts.REPORT_DIALOGUE_USAGE)
        return
    if parsed[1] > service.request("1").month:
        await message.reply_text(texts.REPORT_FUTURE_MONTH.format(month=parsed[1]))
        return
    await ask(context, message, Dialogue(update.effective_user.id, *parsed))


async def ask(context: ContextTypes.DEFAULT_TYPE, answer_to: Message, dialogue: Dialogue) -> None:
    service: ReportService = context.application.bot_data[KEY]
    key, label = ENTERED[dialogue.annex][dialogue.index]
    current = (await service.store.inputs(dialogue.annex)).get((dialogue.month, key))
    shown = "未填" if current is None else f"{current.value:g}"
    text = texts.REPORT_DIALOGUE_ASK.format(
        annex=dialogue.annex, month=month_label(dialogue.month), index=dialogue.index + 1,
        total=len(ENTERED[dialogue.annex]), label=label, current=shown)
    prompt = await answer_to.reply_text(text, reply_markup=ForceReply(selective=True, input_field_placeholder=label))
    dialogues(context)[(prompt.chat_id, prompt.message_id)] = dialogue


async def on_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An answer to a question: store it (or skip, clear, stop) and ask the next."""
    message = update.effective_message
    dialogue = dialogues(context).get((message.chat_id, message.reply_to_message.message_id))
    if dialogue is None or dialogue.user_id != update.effective_user.id:
        return  # someone else answering a supervisor's question: not theirs to fill
    service: ReportService = context.application.bot_data[KEY]
    dialogues(context).pop((message.chat_id, message.reply_to_message.message_id), None)
    text = message.text.strip()
    if text == STOP:
        await message.reply_text(texts.REPORT_DIALOGUE_DONE.format(changed=dialogue.changed))
        return
    key, label = ENTERED[dialogue.annex][dialogue.index]
    if text != SKIP:
        value, refusal = _value(text, key)
        if refusal:
            await message.reply_text(refusal)
            await ask(context, message, dialogue)  # the same question again
            return
        dialogue.changed += await service.store.put_inputs(
            dialogue.annex, {(dialogue.month, key): value}, update.effective_user.id, service.clock(), "对话填报")
    dialogue.index += 1
    if dialogue.index >= len(ENTERED[dialogue.annex]):
        await message.reply_text(texts.REPORT_DIALOGUE_DONE.format(changed=dialogue.changed))
        return
    await ask(context, message, dialogue)


def _value(text: str, key: str) -> tuple[float | None, str | None]:
    """The number typed (None for 清空), or a polite refusal."""
    if text == CLEAR:
        return None, None
    try:
        number = float(text.replace("，", "").replace(",", ""))
    except ValueError:
        return None, texts.REPORT_DIALOGUE_NOT_NUMBER
    if number < 0 or number != number or number > 1e9:
        return None, texts.REPORT_DIALOGUE_NOT_NUMBER
    if key not in DECIMAL_KEYS and not number.is_integer():
        return None, texts.REPORT_DIALOGUE_WHOLE
    return number, None
