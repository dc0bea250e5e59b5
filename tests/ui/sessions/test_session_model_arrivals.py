"""Rows that arrive while a library is read: appended in place, sorted, selection kept."""

from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex, Qt

from tests.ui.conftest import make_session
from viewer.core.session.model import Session
from viewer.core.session.titles import display_titles
from viewer.ui.sessions.model import COL_TITLE, SessionFilterProxy, SessionTableModel


def _sessions(titles: list[str]) -> list[Session]:
    return [make_session(f"Day-1/sessions/{i:03d}-{t}", title=t) for i, t in enumerate(titles)]


def _shown(proxy: SessionFilterProxy) -> list[str]:
    return [proxy.path_at(r) for r in range(proxy.rowCount())]


def test_batches_keep_the_sort_and_the_selected_session(qapp, qtmodeltester) -> None:
    every = _sessions(["Mango", "Apple", "Kiwi", "Banana", "Cherry", "Zucchini", "Lime"])
    model = SessionTableModel()
    model.set_sessions(every[:3])
    proxy = SessionFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL_TITLE, Qt.SortOrder.AscendingOrder)
    chosen = QPersistentModelIndex(proxy.index(proxy.proxy_row_of(every[2].path), 0))
    inserted: list[tuple[int, int]] = []
    proxy.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.append_sessions(every[3:5])
    model.append_sessions(every[5:])
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    titles = [proxy.index(r, COL_TITLE).data() for r in range(proxy.rowCount())]
    assert titles == sorted(s.title for s in every)
    assert chosen.isValid() and proxy.path_at(chosen.row()) == every[2].path
    assert inserted == [(3, 4), (5, 6)]
    assert model.row_of(every[6].path) >= 0


def test_a_filter_applies_to_rows_that_arrive(qapp) -> None:
    every = _sessions(["Health data", "Compute", "Health care", "Energy"])
    model = SessionTableModel()
    model.set_sessions(every[:2])
    proxy = SessionFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter(text="health")
    counts: list[tuple[int, int]] = []
    proxy.filterChanged.connect(lambda shown, total: counts.append((shown, total)))
    model.append_sessions(every[2:])
    assert _shown(proxy) == [every[0].path, every[2].path]
    assert counts[-1] == (2, 4)
    assert len(model.prepared.haystacks) == 4  # the filter data covers the new rows


def test_rows_that_arrive_retitle_the_rows_they_repeat(qapp) -> None:
    """A title gets its speakers once another session of that title arrives, then its slot
    where the speakers are the same, in the rows already there as in the new ones
    (`display_titles` of every row so far)."""

    def session(number: int, speaker: str, start: str) -> Session:
        path = f"Day-1/sessions/00{number}-open"
        return make_session(path, "Open Models", start=start, speakers=((speaker, "", speaker),))

    first, second, third = (
        session(1, "Lena Ortiz", "10:00"),
        session(2, "Ravi Menon", "10:00"),
        (session(3, "Ravi Menon", "14:00")),
    )
    model = SessionTableModel()
    model.set_sessions([first])

    def shown() -> list[str]:
        return [model.index(row, COL_TITLE).data() for row in range(model.rowCount())]

    assert shown() == ["Open Models"]
    model.append_sessions([second])
    assert shown() == ["Open Models — Lena Ortiz", "Open Models — Ravi Menon"]
    model.append_sessions([third])
    expected = display_titles([first, second, third])
    assert shown() == [expected[s.path] for s in model.sessions]
    assert shown()[1:] == ["Open Models — Ravi Menon (Day 1, 10:00)",
                           "Open Models — Ravi Menon (Day 1, 14:00)"]  # fmt: skip


def test_load_order_without_a_sort_column(qapp) -> None:
    every = _sessions(["B", "A", "C"])
    model = SessionTableModel()
    model.set_sessions(every[:1])
    model.append_sessions(every[1:])
    assert [s.path for s in model.sessions] == [s.path for s in every]


def test_the_browser_replaces_old_rows_with_the_first_batch(qtbot) -> None:
    from viewer.ui.sessions.browser import SessionBrowser

    browser = SessionBrowser()
    qtbot.addWidget(browser)
    old = _sessions(["Old one", "Old two"])
    browser.set_sessions(old, {})
    new = [make_session(f"Day-2/sessions/{i:03d}", title=f"New {i}") for i in range(5)]
    browser.add_sessions(new[:2], 0)
    browser.add_sessions(new[2:], 2)
    assert [browser.proxy.path_at(r) for r in range(browser.proxy.rowCount())] == [
        s.path for s in new
    ]
