"""The schedule: one day of sessions as a timetable grid (rooms across, time down).

The layout itself (rooms, lanes, short blocks) is computed in viewer.core.library.schedule;
these modules only draw it (`painting`, `items`), show it (`view`, `panel`), export it
(`export`) and attach it to the main window as a tab (`tab`).
"""
