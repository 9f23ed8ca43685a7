"""The fake Bot API's flood-limit rules (see tests/fakeapi/flood.py), on synthetic timestamps."""

from __future__ import annotations

from fakeapi.flood import FloodMeter

CHAT = 5550001


def test_flood_rules() -> None:
    private, group, burst = FloodMeter(), FloodMeter(), FloodMeter()
    for second in range(10):
        private.record(CHAT, float(second))  # 1/s forever is fine
    for index in range(10):
        private.record(CHAT + 1, 100.0 + index * 0.01)  # a burst of 10 is tolerated
    assert private.report() == []
    private.record(CHAT + 1, 100.5)
    assert [line.split(":")[0] for line in private.report()] == [f"private chat {CHAT + 1}"]
    sustained = FloodMeter()
    for index in range(40):
        sustained.record(CHAT, index / 3)  # 3/s: beyond 10 + T after ~5 s
    assert sustained.report() and "private chat" in sustained.report()[0]
    for index in range(21):
        group.record(-100, index * 2.5)
    assert group.report() and group.report()[0].startswith("group -100: 21 messages within 60s")
    for index in range(31):
        burst.record(index, 0.01 * index)
    assert burst.report()[0].startswith("all chats: 31 messages")
