"""The desktop entry and the app icon agree with the project and with each other."""

from __future__ import annotations

import configparser
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
DESKTOP = PROJECT / "resources" / "summit-viewer.desktop"
ICON = PROJECT / "resources" / "icons" / "summit-viewer.svg"
SVG_NS = "{http://www.w3.org/2000/svg}"


def _entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return parser["Desktop Entry"]


def test_desktop_entry_runs_the_installed_script() -> None:
    entry = _entry()
    scripts = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "gui-scripts"
    ]
    program, *field_codes = entry["Exec"].split()
    assert program in scripts
    assert entry["TryExec"] == program
    assert field_codes == ["%F"], "files and folders are passed through as PATH arguments"
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    assert entry["Icon"] == ICON.stem
    assert entry["Categories"].endswith(";") and entry["Keywords"].endswith(";")


def test_icon_is_a_self_contained_square_svg() -> None:
    root = ET.parse(ICON).getroot()
    assert root.tag == f"{SVG_NS}svg"
    x, y, width, height = (float(v) for v in root.attrib["viewBox"].split())
    assert (x, y) == (0, 0) and width == height
    for element in root.iter():
        for name, value in element.attrib.items():
            # an icon must not pull in files, fonts or network resources
            assert not name.endswith("href"), (element.tag, name, value)
            assert "url(" not in value or value.startswith("url(#"), (element.tag, value)
        assert element.tag not in (f"{SVG_NS}image", f"{SVG_NS}script", f"{SVG_NS}text")
    shapes = [e for e in root.iter() if e.tag in (f"{SVG_NS}path", f"{SVG_NS}circle")]
    assert len(shapes) >= 3
