"""Reference data the suites check against: the gazetteer's places and the project-name rules.

The gazetteer itself belongs to ``transforms`` (``transforms/data/gazetteer.yaml``); the gate only
needs the *sets* of known names, so it takes them as a plain ``ReferenceData`` value. Tests build one
directly; production code calls ``load_reference()``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PROJECT_NAME_RULES = Path(__file__).parent / "data" / "project_names.yaml"


@dataclass(frozen=True)
class ReferenceData:
    known_zones: frozenset[str]  # canonical development-zone names
    known_counties: frozenset[str]  # Linfen's county-level divisions
    known_regions: frozenset[str]  # every value a stage total's region may take
    project_name_suffixes: tuple[str, ...] = ("项目",)
    project_name_min_length: int = 4
    project_name_max_length: int = 60

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
    known_zones: Iterable[str],
    known_counties: Iterable[str],
    *,
    province: str = "山西省",
    cities: Iterable[str] = ("临汾市",),
) -> ReferenceData:
    """``ReferenceData`` for the given places, with the project-name rules from ``data/project_names.yaml``."""
    rules = load_project_name_rules()
    counties = frozenset(known_counties)
    return ReferenceData(
        known_zones=frozenset(known_zones),
        known_counties=counties,
        known_regions=counties | {province, *cities},
        project_name_suffixes=tuple(rules["suffixes"]),
        project_name_min_length=int(rules.get("min_length", 4)),
        project_name_max_length=int(rules.get("max_length", 60)),
    )


def load_reference(gazetteer: Path | None = None) -> ReferenceData:
    """``ReferenceData`` from the extraction's gazetteer (``transforms/data/gazetteer.yaml``).

    The canonical names only: aliases are the extractor's business, the staging rows carry names.
    """
    from transforms.gazetteer import GAZETTEER_PATH, load_gazetteer

    places = load_gazetteer(gazetteer or GAZETTEER_PATH)
    return reference_from_places(
        (zone.name for zone in places.zones),
        places.counties,
        province=places.province.name,
        cities={region.name for region in places.region_by_alias.values() if region.level == "city"},
    )
