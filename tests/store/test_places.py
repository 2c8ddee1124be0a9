"""Places: the district -> street -> community -> grid -> building tree and its queries."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from models.places import (
    Place,
    PlaceKind,
    add_place,
    buildings_of_community,
    children,
    community_of,
    place_by_code,
    places_of_kind,
    tree_sorted,
)


async def _tree(session: AsyncSession) -> dict[str, Place]:
    """Two streets; street s1 has communities c1 (grids g1, g2) and c2; street s2 has c3."""
    places: dict[str, Place] = {}
    places["d"] = await add_place(session, PlaceKind.district, "d", "区", "District")
    places["s1"] = await add_place(session, PlaceKind.street, "s1", "街道一", "Street 1", places["d"], 0)
    places["s2"] = await add_place(session, PlaceKind.street, "s2", "街道二", "Street 2", places["d"], 1)
    places["c1"] = await add_place(session, PlaceKind.community, "c1", "社区一", "Community 1", places["s1"], 0)
    places["c2"] = await add_place(session, PlaceKind.community, "c2", "社区二", "Community 2", places["s1"], 1)
    places["c3"] = await add_place(session, PlaceKind.community, "c3", "社区三", "Community 3", places["s2"], 0)
    places["g1"] = await add_place(session, PlaceKind.grid, "g1", "网格一", "Grid 1", places["c1"], 0)
    places["g2"] = await add_place(session, PlaceKind.grid, "g2", "网格二", "Grid 2", places["c1"], 1)
    places["g3"] = await add_place(session, PlaceKind.grid, "g3", "网格三", "Grid 3", places["c3"], 0)
    # Siblings added out of their display order: sort_order decides, not insertion.
    places["b2"] = await add_place(session, PlaceKind.building, "b2", "2栋", "Building 2", places["g1"], 1)
    places["b1"] = await add_place(session, PlaceKind.building, "b1", "1栋", "Building 1", places["g1"], 0)
    places["b3"] = await add_place(session, PlaceKind.building, "b3", "3栋", "Building 3", places["g2"], 0)
    places["b9"] = await add_place(session, PlaceKind.building, "b9", "9栋", "Building 9", places["g3"], 0)
    return places


async def test_paths_follow_the_chain_of_ids(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        p = await _tree(session)
    assert p["d"].path == f"/{p['d'].id}/"
    assert p["c1"].path == f"/{p['d'].id}/{p['s1'].id}/{p['c1'].id}/"
    assert p["b1"].path == f"/{p['d'].id}/{p['s1'].id}/{p['c1'].id}/{p['g1'].id}/{p['b1'].id}/"
    assert p["b1"].ancestor_ids == [p["d"].id, p["s1"].id, p["c1"].id, p["g1"].id, p["b1"].id]
    assert p["d"].ancestor_ids == [p["d"].id]
    assert p["b1"].parent_id == p["g1"].id
    # And the path is stored, not only computed in memory.
    async with sessionmaker() as session:
        stored = await place_by_code(session, "b1")
        assert stored is not None
        assert stored.path == p["b1"].path


async def test_contains(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        p = await _tree(session)
    assert p["s1"].contains(p["b1"])
    assert p["c1"].contains(p["c1"])
    assert p["d"].contains(p["b9"])
    assert not p["s2"].contains(p["b1"])
    assert not p["c1"].contains(p["s1"])
    assert not p["c2"].contains(p["b1"])
    assert not p["b1"].contains(p["g1"])


async def test_hierarchy_rules(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        p = await _tree(session)
        with pytest.raises(ValueError, match="grid cannot sit under a district"):
            await add_place(session, PlaceKind.grid, "bad-grid", "网格", "Grid", p["d"])
        with pytest.raises(ValueError, match="building cannot sit under a community"):
            await add_place(session, PlaceKind.building, "bad-b", "楼", "B", p["c1"])
        with pytest.raises(ValueError, match="district cannot sit under a street"):
            await add_place(session, PlaceKind.district, "bad-d", "区", "D", p["s1"])
        with pytest.raises(ValueError, match="street needs a parent"):
            await add_place(session, PlaceKind.street, "bad-s", "街道", "S")
        with pytest.raises(ValueError, match="cannot sit under a building"):
            await add_place(session, PlaceKind.building, "bad-bb", "楼", "B", p["b1"])
    async with sessionmaker() as session:
        assert {place.code for place in await places_of_kind(session, PlaceKind.grid)} == {"g1", "g2", "g3"}
        for code in ("bad-grid", "bad-b", "bad-d", "bad-s", "bad-bb"):
            assert await place_by_code(session, code) is None


async def test_community_of(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        p = await _tree(session)
        assert await community_of(session, p["b3"]) is p["c1"]
        assert await community_of(session, p["g3"]) is p["c3"]
        assert await community_of(session, p["c2"]) is p["c2"]
        assert await community_of(session, p["s1"]) is None
        assert await community_of(session, p["d"]) is None


async def test_buildings_of_community_in_tree_order(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        p = await _tree(session)
        # Grid 1's buildings by sort order, then grid 2's; nothing from another community.
        assert [b.code for b in await buildings_of_community(session, p["c1"])] == ["b1", "b2", "b3"]
        assert [b.code for b in await buildings_of_community(session, p["c3"])] == ["b9"]
        assert await buildings_of_community(session, p["c2"]) == []
        assert [c.code for c in await children(session, p["s1"].id)] == ["c1", "c2"]
        assert [c.code for c in await places_of_kind(session, PlaceKind.community)] == ["c1", "c2", "c3"]


async def test_tree_sorted_reads_as_configured_not_by_id(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """Checkboxes read 第一, 第二, 第三, 第四 even when the later grids got the smaller ids, and when ids
    pass 9 (the id path's text sorts "/1/10/" before "/1/9/")."""
    async with sessionmaker() as session, session.begin():
        p = await _tree(session)
        grids = [await add_place(session, PlaceKind.grid, f"x{n}", f"第{n}", f"No {n}", p["c2"], n) for n in (3, 4)]
        grids += [await add_place(session, PlaceKind.grid, f"x{n}", f"第{n}", f"No {n}", p["c2"], n) for n in (1, 2)]
        assert min(g.id for g in grids) >= 10  # past the single digits
        by_path = sorted(grids, key=lambda place: place.path)
        assert [g.code for g in by_path] == ["x3", "x4", "x1", "x2"]  # what the screens showed
        assert [g.code for g in await tree_sorted(session, by_path)] == ["x1", "x2", "x3", "x4"]
        # Across levels: a street's order decides before its communities' ids.
        everything = [p["g3"], p["b3"], p["c3"], p["g1"], p["b1"], p["c1"], p["b2"], *grids]
        assert [x.code for x in await tree_sorted(session, everything)] == [
            "c1",
            "g1",
            "b1",
            "b2",
            "b3",
            "x1",
            "x2",
            "x3",
            "x4",
            "c3",
            "g3",
        ]


async def test_demo_buildings_keep_the_file_order(
    demo_db: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with sessionmaker() as session:
        yuntang = await place_by_code(session, "yuntang")
        assert yuntang is not None
        codes = [b.code for b in await buildings_of_community(session, yuntang)]
    assert codes == [f"yuntang-b{n}" for n in range(1, 17)]


async def test_codes_are_unique(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        district = await add_place(session, PlaceKind.district, "same", "区", "District")
    async with sessionmaker() as session:
        with pytest.raises(IntegrityError):
            async with session.begin():
                await add_place(session, PlaceKind.street, "same", "街道", "Street", district)
    async with sessionmaker() as session:
        assert [place.kind for place in await places_of_kind(session, PlaceKind.street)] == []
        found = await place_by_code(session, "same")
        assert found is not None
        assert found.kind is PlaceKind.district
