"""The search panel: typing shows grouped results, clicking a hit emits hitActivated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QLineEdit, QTreeWidget

from tests.core.search.search_fixtures import build_corpus
from viewer.core.library.load import load_library
from viewer.ui.search.panel import SearchPanel
from viewer.ui.search.results import ParagraphRole, PathRole

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

D1 = "Day-1_Feb-16/sessions"
D2 = "Day-2_Feb-17/sessions"


@pytest.fixture()
def panel(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    root = tmp_path / "lib"
    build_corpus(root)
    library = load_library([root])
    widget = SearchPanel()
    qtbot.addWidget(widget)
    widget.resize(500, 600)
    widget.show()
    widget.set_facets(library.days(), library.venues())
    with qtbot.waitSignal(widget.indexReady, timeout=20_000):
        widget.set_library(library, tmp_path / "cache")
    yield widget
    widget.shutdown()


def shown(widget: SearchPanel) -> list[tuple[str, int]]:
    tree = widget.findChild(QTreeWidget, "searchResults")
    assert tree is not None
    return [
        (tree.topLevelItem(i).data(0, PathRole), tree.topLevelItem(i).childCount())
        for i in range(tree.topLevelItemCount())
    ]


def test_typing_shows_results_grouped_by_session(qtbot, panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    box = panel.findChild(QLineEdit, "searchInput")
    assert box is not None
    with qtbot.waitSignal(panel.resultsShown, timeout=5000):
        qtbot.keyClicks(box, "robotic")  # a prefix while typing
    groups = shown(panel)
    assert groups[0] == (f"{D1}/001-Robotics-in-Farming", 1)
    assert (f"{D1}/002-City-Water", 1) in groups
    assert "hits in" in panel.status.text()
    assert panel.current_result is not None and panel.current_result.query.text == "robotic"
    # The tree says which query its rows answer (results show up while words are typed).
    assert panel.results.accessibleDescription() == "Results for robotic"
    # Screen readers hear the rows as text, not markup.
    top = panel.results.topLevelItem(0)
    spoken = top.data(0, Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.endswith("1 hit") and "<" not in spoken
    child = top.child(0).data(0, Qt.ItemDataRole.AccessibleTextRole)
    assert "robotic" in child.lower() and "<" not in child and "&" not in child


def test_stale_results_are_dropped(qtbot, panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.resultsShown, timeout=5000):
        panel.search("glaciers")
        panel.search("tabla")  # asked before the first could be shown
    with qtbot.assertNotEmitted(panel.resultsShown, wait=300):
        pass
    assert panel.current_result is not None
    assert panel.current_result.query.text == "tabla"
    assert panel.results.accessibleDescription() == "Results for tabla"
    panel.search("  ")
    assert panel.results.accessibleDescription() == ""


def test_clicking_a_hit_emits_hit_activated(qtbot, panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.resultsShown, timeout=5000):
        panel.search('"data sovereignty"')
    tree = panel.results
    top = tree.topLevelItem(0)
    child = top.child(0)
    assert child.data(0, PathRole) == f"{D1}/002-City-Water"
    paragraph = child.data(0, ParagraphRole)
    assert paragraph >= 0
    tree.scrollToItem(child)
    rect = tree.visualItemRect(child)
    with qtbot.waitSignal(panel.hitActivated, timeout=2000) as blocker:
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [f"{D1}/002-City-Water", paragraph, ["data sovereignty"]]


def test_facets_limit_results(qtbot, panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.resultsShown, timeout=5000):
        panel.search("budgets")
    assert len(shown(panel)) == 6
    with qtbot.waitSignal(panel.resultsShown, timeout=5000):
        panel.day_box.setCurrentIndex(panel.day_box.findData(1))
    assert {p for p, _ in shown(panel)} == {f"{D1}/001-Robotics-in-Farming", f"{D1}/002-City-Water"}
    with qtbot.waitSignal(panel.resultsShown, timeout=5000):
        panel.video_box.setChecked(True)
    assert [p for p, _ in shown(panel)] == [f"{D1}/001-Robotics-in-Farming"]


def test_hostile_query_shows_no_error(qtbot, panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.resultsShown, timeout=5000):
        panel.search('NEAR( "x AND * -')
    assert "rror" not in panel.status.text()


def test_unusable_cache_location_still_searches(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "lib"
    build_corpus(root)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    widget = SearchPanel()
    qtbot.addWidget(widget)
    opened: list[Path] = []
    widget.indexOpened.connect(opened.append)
    with qtbot.waitSignal(widget.indexReady, timeout=20_000) as done:
        widget.set_library(load_library([root]), blocker / "cache")
    assert "temporary" in done.args[0]
    assert "temporary" in widget.status.text()
    # The file it searches is named to the window (whose transcripts use its paragraphs).
    assert len(opened) == 1 and opened[0].is_file() and blocker not in opened[0].parents
    with qtbot.waitSignal(widget.resultsShown, timeout=5000):
        widget.search("robotics")
    assert shown(widget)
    widget.shutdown()


def test_a_newer_library_replaces_an_unfinished_build(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.core.search.search_fixtures import FILLER, write_session

    root = tmp_path / "lib"
    build_corpus(root)
    first = load_library([root])
    write_session(root, f"{D1}/020-Late", "Late Arrival", transcript=f"{FILLER} zeppelin {FILLER}")
    second = load_library([root])
    widget = SearchPanel()
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.indexReady, timeout=20_000):
        widget.set_library(first, tmp_path / "cache")
        widget.set_library(second, tmp_path / "cache")
    with qtbot.waitSignal(widget.resultsShown, timeout=5000):
        widget.search("zeppelin")
    assert [p for p, _ in shown(widget)] == [f"{D1}/020-Late"]
    widget.shutdown()


def test_people_tab_lists_sessions_and_mentions(qtbot, panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    from viewer.ui.search.people_view import PeopleView

    view = panel.findChild(PeopleView, "peopleView")
    assert view is not None
    panel.tabs.setCurrentWidget(view)
    qtbot.keyClicks(view.filter, "verma")
    visible = [
        view.tree.topLevelItem(i)
        for i in range(view.tree.topLevelItemCount())
        if not view.tree.topLevelItem(i).isHidden()
    ]
    assert [row.text(0) for row in visible] == ["Asha Verma  (2 sessions)"]
    assert view.count.text().startswith("1 of ")
    person = visible[0]
    person.setExpanded(True)
    mentions = person.child(person.childCount() - 1)
    mentions.setExpanded(True)
    assert mentions.text(0) == "Mentioned in transcripts: 1 time"
    assert mentions.child(0).data(0, PathRole) == f"{D2}/003-Open-Data"
    session = person.child(0)
    view.tree.scrollToItem(session)
    with qtbot.waitSignal(panel.hitActivated, timeout=2000) as blocker:
        qtbot.mouseClick(
            view.tree.viewport(),
            Qt.MouseButton.LeftButton,
            pos=view.tree.visualItemRect(session).center(),
        )
    assert blocker.args == [f"{D1}/001-Robotics-in-Farming", -1, ["asha verma"]]


def people_view_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> Any:
    """A PeopleView of the search fixtures' library, adding `chunk` rows per event turn."""
    from viewer.ui.search import people_view

    monkeypatch.setattr(people_view, "ROWS_PER_CHUNK", chunk)
    build_corpus(tmp_path / "lib")
    view = people_view.PeopleView()
    view.set_library(load_library([tmp_path / "lib"]))
    return view


def test_people_rows_are_added_in_chunks(
    qtbot,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view = people_view_in_chunks(tmp_path, monkeypatch, 2)
    qtbot.addWidget(view)
    assert view.tree.topLevelItemCount() == 2  # the rest follows between events
    qtbot.waitUntil(lambda: view.tree.topLevelItemCount() == 6, timeout=2000)
    assert view.count.text() == "6 of 6 people"
    qtbot.keyClicks(view.filter, "nunez")
    assert view.count.text() == "1 of 6 people"


def test_people_view_closed_while_adding_rows_adds_no_more(
    qtbot,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A window closed mid-way (a test's teardown, a library switched): the pending chunks go
    # with the view instead of reaching a deleted tree (pytest-qt fails on such an error).
    from PySide6.QtCore import QCoreApplication, QEvent

    view = people_view_in_chunks(tmp_path, monkeypatch, 1)
    assert view.tree.topLevelItemCount() == 1
    tree = view.tree
    added: list[int] = []
    monkeypatch.setattr(view, "_apply_filter", lambda *args: added.append(1))
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for _ in range(10):
        QCoreApplication.processEvents()
    assert not added
    with pytest.raises(RuntimeError):  # the view and its tree did go
        tree.topLevelItemCount()


def test_fuzzed_search_box_never_breaks_the_panel(qtbot, panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(st.text(max_size=80))
    def typed(text: str) -> None:
        if not text.strip():
            panel.search(text)
            assert panel.current_result is None and panel.results.topLevelItemCount() == 0
            return
        with qtbot.waitSignal(panel.resultsShown, timeout=5000):
            panel.search(text)
        assert panel.current_result is not None
        assert panel.results.topLevelItemCount() == len(panel.current_result.groups)

    typed()


def test_hit_rows_are_as_tall_as_their_wrapped_snippet(qtbot, panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    # A narrow panel wraps a snippet onto more lines: its row grows instead of cutting it off.
    from viewer.ui.search.results import HtmlRole

    box = panel.findChild(QLineEdit, "searchInput")
    assert box is not None
    tree = panel.results
    checked = 0
    for width in (500, 260):
        panel.resize(width, 600)
        with qtbot.waitSignal(panel.resultsShown, timeout=5000):
            box.setText("robotic" if width == 500 else "robotics")
        qtbot.waitUntil(lambda: tree.visualItemRect(tree.topLevelItem(0).child(0)).height() > 0)
        for i in range(tree.topLevelItemCount()):
            top = tree.topLevelItem(i)
            for item in (top, *(top.child(j) for j in range(top.childCount()))):
                rect = tree.visualItemRect(item)
                doc = QTextDocument()
                doc.setDefaultFont(tree.font())
                doc.setDocumentMargin(2)
                doc.setHtml(item.data(0, HtmlRole))
                doc.setTextWidth(rect.width())
                if rect.height():  # rows scrolled out of view have no rectangle
                    assert doc.size().height() <= rect.height() + 2, (width, item.text(0))
                    checked += doc.size().height() > 2 * tree.fontMetrics().lineSpacing()
    assert checked  # some snippet really wrapped


def test_a_search_finding_nothing_offers_did_you_mean(qtbot, panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    box = panel.findChild(QLineEdit, "searchInput")
    label = panel.findChild(QLabel, "searchSuggestion")
    assert box is not None and label is not None
    qtbot.keyClicks(box, "budgetz ")
    qtbot.waitUntil(label.isVisible, timeout=5000)
    assert 'href="suggest:budgets"' in label.text()
    label.linkActivated.emit("suggest:budgets")
    assert box.text() == "budgets "
    qtbot.waitUntil(lambda: bool(shown(panel)) and not label.isVisible(), timeout=5000)


def test_a_non_utf8_file_name_keeps_the_panel_searching(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 20 item 2: the window's search works with a file name that is not UTF-8."""
    import os

    from tests.fixtures.sessions import session_text

    root = tmp_path / "lib"
    build_corpus(root)
    with open(os.fsencode(root / D1) + b"/099-Caf\xe9.md", "wb") as handle:
        handle.write(session_text(title="Espresso economics").encode())
    widget = SearchPanel()
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.indexReady, timeout=20_000) as done:
        widget.set_library(load_library([root]), tmp_path / "cache")
    assert "unavailable" not in (done.args[0] or "") and "unavailable" not in widget.status.text()
    with qtbot.waitSignal(widget.resultsShown, timeout=5000):
        widget.search("espresso")
    assert [p for p, _ in shown(widget)][:1] == [f"{D1}/099-Caf\\xe9"]
    widget.shutdown()


def test_a_second_window_indexing_the_same_library_is_not_unavailable(  # type: ignore[no-untyped-def]
    qtbot, panel: SearchPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20 item 3: the other window holds the write lock; this one still searches."""
    import os
    import sqlite3

    from viewer.core.search import db as index_db
    from viewer.core.search.index import BUSY_NOTICE, index_file_for

    monkeypatch.setattr(index_db, "BUSY_TIMEOUT_S", 0.2)
    root = tmp_path / "lib"
    library = load_library([root])
    os.utime(root / D1 / "001-Robotics-in-Farming.md", ns=(1, 1))  # something to update
    other = sqlite3.connect(index_file_for(tmp_path / "cache", library.roots), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        second = SearchPanel()
        qtbot.addWidget(second)
        with qtbot.waitSignal(second.indexReady, timeout=20_000) as done:
            second.set_library(load_library([root]), tmp_path / "cache")
        assert done.args[0] == BUSY_NOTICE
        assert "unavailable" not in second.status.text() and "locked" not in second.status.text()
        with qtbot.waitSignal(second.resultsShown, timeout=5000):
            second.search("robotics")
        assert shown(second)
        second.shutdown()
    finally:
        other.execute("ROLLBACK")
        other.close()
