"""Tabs whose page is built the first time it is needed (its classes stay out of start-up)."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QTabWidget, QWidget


def replace_placeholder(tabs: QTabWidget, placeholder: QWidget, page: QWidget) -> None:
    """Put `page` where `placeholder` stood, with its icon, text and tooltip, current if the
    placeholder was; `currentChanged` is not emitted for the swap. The caller records `page`
    as built before calling, since a handler of the tabs may ask for it."""
    index = tabs.indexOf(placeholder)
    was_current = tabs.currentIndex() == index
    with QSignalBlocker(tabs):
        tabs.insertTab(index, page, tabs.tabIcon(index), tabs.tabText(index))
        tabs.setTabToolTip(index, tabs.tabToolTip(index + 1))
        tabs.removeTab(index + 1)
        if was_current:
            tabs.setCurrentWidget(page)
    placeholder.deleteLater()
