"""Reference data the suites check against: the gazetteer's places and the project-name rules.

The gazetteer itself belongs to ``transforms`` (``transforms/data/gazetteer.yaml``); the gate only
needs the *sets* of known names, so it takes them as a plain ``ReferenceData`` value. Tests build one
directly; production code calls ``load_reference()``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PROJECT_NAME_RULES = Path(__file__).parent / "data" / "project_names.yaml"


@dataclass(frozen=True)
class ReferenceData:
    known_zones: frozenset[str]  # canonical development-zone names
    known_counties: frozenset[str]  # Linfen's county-level divisions
    province: str = "山西省"
    city: str = "临汾市"
    project_name_suffixes: tuple[str, ...] = ("项目",)
    project_name_min_length: int = 4
    project_name_max_length: int = 60

    @property
    def known_regions(self) -> frozenset[str]:
        """Every value a stage total's ``region`` may take."""
        return self.known_counties | {self.province, self.city}

    @property
    def project_name_pattern(self) -> str:
        """Regex: ends in a known suffix, optionally followed by a bracketed phase note."""
        endings = "|".join(re.escape(s) for s in self.project_name_suffixes)
        return rf"(?:{endings})(?:[(（][^()（）]{{1,10}}[)）])?$"


def load_project_name_rules(path: Path = PROJECT_NAME_RULES) -> dict[str, Any]:
    rules = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(rules, dict) or not rules.get("suffixes"):
        raise ValueError(f"{path}: expected a mapping with a non-empty 'suffixes' list")
    return rules


def reference_from_places(
    known_zones: set[str] | frozenset[str], known_counties: set[str] | frozenset[str]
) -> ReferenceData:
    """``ReferenceData`` for the given places, with the project-name rules from ``data/project_names.yaml``."""
    rules = load_project_name_rules()
    return ReferenceData(
        known_zones=frozenset(known_zones),
        known_counties=frozenset(known_counties),
        project_name_suffixes=tuple(rules["suffixes"]),
        project_name_min_length=int(rules.get("min_length", 4)),
        project_name_max_length=int(rules.get("max_length", 60)),
    )


GAZETTEER = Path(__file__).resolve().parent.parent / "transforms" / "data" / "gazetteer.yaml"


def load_reference(gazetteer: Path = GAZETTEER) -> ReferenceData:
    """``ReferenceData`` from the extraction's gazetteer YAML (zones with their counties)."""
    if not gazetteer.is_file():
        raise FileNotFoundError(f"gazetteer not found: {gazetteer} (transforms/data/gazetteer.yaml)")
    data = yaml.safe_load(gazetteer.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "zones" not in data or "counties" not in data:
        raise ValueError(f"{gazetteer}: expected a mapping with 'zones' and 'counties'")
    return reference_from_places(_names(data["zones"]), _names(data["counties"]))


def _names(entries: Any) -> set[str]:
    """Names from a list of names, a list of mappings with ``name``, or a mapping keyed by name."""
    if isinstance(entries, dict):
        return {str(name) for name in entries}
    names = set()
    for entry in entries or []:
        names.add(str(entry["name"]) if isinstance(entry, dict) else str(entry))
    return names
