"""Places as data: Shanxi's cities and counties, Linfen's development zones (with aliases).

The lists live in ``transforms/data/gazetteer.yaml``; this module only loads them once and answers
questions about them: which zone a project name starts with, which region a phrase names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from transforms.records import RegionLevel

GAZETTEER_PATH = Path(__file__).parent / "data" / "gazetteer.yaml"

# A zone written in a way the gazetteer does not know: something that ends like a zone name.
_UNKNOWN_ZONE_RE = re.compile(
    r"^[\u4e00-\u9fff]{2,14}?(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|开发区|产业集聚区|"
    r"经开区|示范区|工业园区|产业园区|物流园区|园区)"
)


@dataclass(frozen=True)
class Zone:
    name: str
    county: str | None  # None for a zone over several counties (its city) or cities (the province)
    aliases: tuple[str, ...]
    city: str | None = None  # set when the zone spans a city's counties


@dataclass(frozen=True)
class Region:
    name: str
    level: RegionLevel


@dataclass(frozen=True)
class ZoneMatch:
    """A zone found at the start of a phrase; ``zone`` is None when it is not in the gazetteer."""

    written: str  # the zone as written in the text
    zone: Zone | None
    county: str | None

    @property
    def name(self) -> str:
        return self.zone.name if self.zone else self.written


@dataclass(frozen=True)
class Gazetteer:
    province: Region
    city: Region  # the home city, 临汾市
    zones: tuple[Zone, ...]
    counties: tuple[str, ...]  # every county-level division of the province, Linfen's first
    city_of_county: dict[str, str]  # 洪洞县 -> 临汾市, 交城县 -> 吕梁市
    zone_by_alias: dict[str, Zone]
    region_by_alias: dict[str, Region]  # provinces, cities, counties (not the 我市/全市 words)
    home_city_words: tuple[str, ...]  # 全市, 我市 …
    province_words: tuple[str, ...]  # 全省, 我省 …
    county_by_alias: dict[str, str]
    zone_prefix_re: re.Pattern[str]
    region_re: re.Pattern[str]
    county_re: re.Pattern[str]

    def match_zone_prefix(self, text: str) -> ZoneMatch | None:
        """The development zone ``text`` starts with, known or not."""
        m = self.zone_prefix_re.match(text)
        if m:
            zone = self.zone_by_alias[m.group(0)]
            return ZoneMatch(written=m.group(0), zone=zone, county=zone.county)
        m = _UNKNOWN_ZONE_RE.match(text)
        # a zone the gazetteer does not know still names its place (临汾国际陆港物流园区, 长子经开区)
        if m and self.region_re.search(m.group(0)):
            written = m.group(0)
            return ZoneMatch(written=written, zone=None, county=self.county_in(written))
        return None

    def zone(self, name: str) -> Zone | None:
        return self.zone_by_alias.get(name)

    def region_above_zone(self, name: str) -> Region:
        """The region a zone lies in: its county, else its city, else the province (太忻一体化经济区)."""
        zone = self.zone_by_alias.get(name)
        if zone is None:
            county = self.county_in(name)
            return Region(county, "county") if county else self.province
        if zone.county:
            return Region(zone.county, "county")
        return Region(zone.city, "city") if zone.city else self.province

    def county_in(self, text: str) -> str | None:
        """The first county-level division named in ``text`` (by full name or short alias)."""
        m = self.county_re.search(text)
        return self.county_by_alias[m.group(0)] if m else None


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def load_gazetteer(path: Path = GAZETTEER_PATH) -> Gazetteer:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    province = Region(raw["province"]["name"], "province")
    city = Region(raw["city"]["name"], "city")
    zones = tuple(Zone(z["name"], z.get("county"), tuple(z["aliases"]), z.get("city")) for z in raw["zones"])
    zone_by_alias = {alias: zone for zone in zones for alias in (zone.name, *zone.aliases)}
    all_counties = [{**c, "city": city.name} for c in raw["counties"]] + list(
        raw.get("province_counties", [])
    )
    county_by_alias = {alias: c["name"] for c in all_counties for alias in (c["name"], *c["aliases"])}
    city_of_county = {c["name"]: c["city"] for c in all_counties}
    unknown_counties = {z.county for z in zones if z.county} - set(county_by_alias.values())
    if unknown_counties:
        raise ValueError(f"{path}: zones refer to unknown counties {sorted(unknown_counties)}")

    region_by_alias: dict[str, Region] = {}
    for c in raw["cities"]:
        for alias in (c["name"], *c["aliases"]):
            region_by_alias[alias] = Region(c["name"], "city")
    for alias, county in county_by_alias.items():
        region_by_alias[alias] = Region(county, "county")
    region_by_alias[province.name] = province
    home_city_words = tuple(raw["city"]["aliases"])
    province_words = tuple(raw["province"]["aliases"])
    for word in home_city_words:
        region_by_alias.setdefault(word, city)
    for word in province_words:
        region_by_alias[word] = province
    return Gazetteer(
        province=province,
        city=city,
        zones=zones,
        counties=tuple(c["name"] for c in all_counties),
        city_of_county=city_of_county,
        zone_by_alias=zone_by_alias,
        region_by_alias=region_by_alias,
        home_city_words=home_city_words,
        province_words=province_words,
        county_by_alias=county_by_alias,
        zone_prefix_re=re.compile(_alternation(list(zone_by_alias))),
        region_re=re.compile(_alternation(list(region_by_alias))),
        county_re=re.compile(_alternation(list(county_by_alias))),
    )
