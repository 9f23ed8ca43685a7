"""Storage contract of the enterprise roster, on real SQLite files."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from checklists.enterprise import Category, Guidance, Industry, Scale
from checklists.inspection import Position
from checklists.roster import read_roster
from storage import Storage
from storage.migrations import MIGRATIONS
from tests.roster_support import CLEAN_ROWS, xlsx
from tests.storage_support import ALICE, DB_NAME, T0, checklist, data_dir, store  # noqa: F401 - fixtures

__all__ = ["data_dir", "store"]


async def _import(store: Storage, rows: list[list[object]]):  # noqa: ANN202
    roster = read_roster(xlsx(rows))
    assert roster.problems == ()
    return await store.import_roster(roster.rows, now=T0)


async def test_import_then_reimport_updates_without_duplicates(store: Storage) -> None:
    result = await _import(store, CLEAN_ROWS)
    assert (result.added, result.updated, result.problems) == (4, 0, ())
    steel = await store.find_enterprise("晋城市泽州县兴华钢铁有限公司")
    assert steel is not None and steel.industry is Industry.METALLURGY and steel.town == "巴公镇"
    assert steel.guidance is Guidance.CITY_AND_COUNTY
    renamed = [["兴华钢铁集团有限公司", "914403001922038216", "", "冶金", "规模以上", "含高炉的金属冶炼企业"],
               ["泽州县南村镇腾飞面粉厂", "", "南村镇", "轻工", "规模以上", ""]]
    result = await _import(store, renamed)
    assert (result.added, result.updated) == (0, 2)
    again = await store.enterprise(steel.id)
    assert again is not None and again.name == "兴华钢铁集团有限公司" and again.town == "巴公镇"  # blank kept
    mill = await store.find_enterprise("泽州县南村镇腾飞面粉厂")
    assert mill is not None and mill.scale is Scale.ABOVE and mill.guidance is Guidance.COUNTY
    assert len(await store.roster()) == 4


async def test_a_conflicting_reimport_changes_nothing(store: Storage) -> None:
    await _import(store, CLEAN_ROWS)
    before = await store.roster()
    clash = [["泽州县金鼎铸造有限公司", "914403001922038216", "", "机械", "规模以下", ""],  # code of the steel works
             ["全新企业", "", "", "其他", "", ""]]
    result = await _import(store, clash)
    assert [(p.row, p.column) for p in result.problems] == [(2, "统一社会信用代码")]
    assert await store.roster() == before


async def test_search_finds_substrings_prefix_first_then_shorter(store: Storage) -> None:
    await _import(store, CLEAN_ROWS + [["泽州钢铁", "", "", "冶金", "", ""], ["钢铁泽州分厂", "", "", "", "", ""]])
    names = [e.name for e in await store.search_enterprises("钢铁", limit=10)]
    assert names == ["钢铁泽州分厂", "泽州钢铁", "晋城市泽州县兴华钢铁有限公司"]
    assert [e.name for e in await store.search_enterprises("泽州", limit=2)] == ["泽州钢铁", "泽州县南村镇腾飞面粉厂"]
    assert [e.name for e in await store.search_enterprises("(泽州)", limit=5)] == ["山西晋城（泽州）食品有限公司"]
    assert await store.search_enterprises("钢", limit=5) == []  # one character is too little
    assert await store.search_enterprises("%_", limit=5) == []  # no LIKE wildcards


async def test_an_unknown_name_is_added_with_fields_unknown(store: Storage) -> None:
    made = await store.enterprise_by_name(" 新来的 (临时) 厂 ")
    assert made.name == "新来的（临时）厂" and made.industry is None and made.guidance is None
    assert (await store.enterprise_by_name("新来的（临时）厂")).id == made.id


async def test_a_submitted_form_keeps_the_name_it_was_signed_with(store: Storage) -> None:
    await _import(store, CLEAN_ROWS)
    steel = await store.find_enterprise("晋城市泽州县兴华钢铁有限公司")
    assert steel is not None
    signed = await store.start_inspection(ALICE, checklist(), Position("enterprise"), now=T0)
    await store.set_enterprise(signed.id, steel, Position("item", "first"))
    assert await store.submit(signed.id, [], T0 + timedelta(hours=1))
    running = await store.start_inspection(ALICE, checklist(), Position("enterprise"), now=T0)
    await store.set_enterprise(running.id, steel, Position("item", "first"))
    await _import(store, [["兴华钢铁集团", "914403001922038216", "", "冶金", "规模以上", ""]])
    old = await store.inspection(signed.id)
    new = await store.inspection(running.id)
    assert old is not None and old.enterprise is not None and old.enterprise.name == "晋城市泽州县兴华钢铁有限公司"
    assert old.enterprise.id == steel.id and old.enterprise.industry is Industry.METALLURGY
    assert new is not None and new.enterprise is not None and new.enterprise.name == "兴华钢铁集团"
    history = await store.history(ALICE.id)
    assert [h.enterprise_name for h in history] == ["兴华钢铁集团", "晋城市泽州县兴华钢铁有限公司"]


async def test_the_migration_keeps_existing_enterprises_and_signs_old_forms(data_dir: Path) -> None:
    """A database of the release before the roster: its rows survive the upgrade."""
    data_dir.mkdir(mode=0o700)
    path = data_dir / DB_NAME
    db = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0] + MIGRATIONS[1]:
        db.execute(statement)
    db.execute("PRAGMA user_version = 2")
    db.execute("INSERT INTO users (id, full_name, updated_at) VALUES (1, '王', '2025-01-01')")
    db.execute("INSERT INTO enterprises (id, name, created_at) VALUES (7, '老企业', '2025-01-01')")
    db.execute("""INSERT INTO inspections (checklist_id, checklist_version, checklist_snapshot, inspector_id,
                  enterprise_id, status, started_at, submitted_at, step)
                  VALUES ('x', 1, '{}', 1, 7, 'submitted', '2025-01-01', '2025-01-02', 'done')""")
    db.close()
    store = await Storage.open(data_dir)
    try:
        kept = await store.enterprise(7)
        assert kept is not None and kept.name == "老企业" and kept.industry is None
        await _import(store, [["老企业", "914403001922038216", "", "冶金", "", ""]])
        assert (await store.enterprise(7)).credit_code == "914403001922038216"  # type: ignore[union-attr]
    finally:
        await store.close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT enterprise_name_signed FROM inspections").fetchall() == [("老企业",)]
    db.close()


async def test_five_thousand_rows_import_in_one_transaction(store: Storage) -> None:
    from tests.roster_support import generated_rows

    roster = read_roster(xlsx(generated_rows(5000)))
    result = await store.import_roster(roster.rows, now=T0)
    assert (result.added, result.problems) == (5000, ())
    result = await store.import_roster(roster.rows, now=T0)
    assert (result.added, result.updated) == (0, 5000)
    assert Category.BLAST_FURNACE in {e.category for e in await store.roster()}
