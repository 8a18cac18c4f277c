"""Per-site configuration of the chamber widget, loaded once at start from TOML files.

A file holds one or more ``[sites.<id>]`` tables. Everything a host page may not decide lives
here, on the server: which origins may embed the site, which documents it may search, its limits.
Origins are normalised once (``scheme://host[:port]``, default port dropped) so that checking a
request is one exact string comparison against what browsers send in ``Origin``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.errors import ConfigError
from assistant.schemas import ChatFilters, Style

BUILTIN_SITES = Path(__file__).parent / "sites"
LANGUAGES = ("en", "fr", "de", "es")
_COLOUR = r"^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$"
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_origin(value: str) -> str:
    """``scheme://host[:port]`` as a browser serialises it; ValueError for anything else."""
    if value.strip() != value or value in ("", "null", "*"):
        raise ValueError(f"{value!r} is not an origin (give scheme://host[:port])")
    parts = urlsplit(value)
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"{value!r} is not an http(s) origin")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(f"{value!r} has a path, query or user part; an origin has none")
    if "*" in value:
        raise ValueError(f"{value!r}: wildcards are not allowed in origins")
    port = parts.port
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is None or port == _DEFAULT_PORTS[parts.scheme]:
        return f"{parts.scheme}://{host}"
    return f"{parts.scheme}://{host}:{port}"


def _safe_link(value: str | None, schemes: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    if value.startswith("/") and not value.startswith("//"):
        return value
    if urlsplit(value).scheme not in schemes:
        raise ValueError(f"{value!r} must be a {'/'.join(schemes)} URL or a path on this server")
    return value


class Colours(BaseModel):
    model_config = ConfigDict(extra="forbid")

    primary: Annotated[str, Field(pattern=_COLOUR)] = "#1f6f43"
    on_primary: Annotated[str, Field(pattern=_COLOUR)] = "#ffffff"
    background: Annotated[str, Field(pattern=_COLOUR)] = "#ffffff"
    text: Annotated[str, Field(pattern=_COLOUR)] = "#1b1f1d"


class SiteConfig(BaseModel):
    """One chamber's widget: what it looks like, what it may search, who may embed it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
    name: Annotated[str, Field(min_length=1, max_length=80)]
    greeting: Annotated[str, Field(max_length=500)] | None = None
    starters: Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=6)] = []
    colours: Colours = Colours()
    logo: str | None = None
    language: Literal["auto", "en", "fr", "de", "es"] = "auto"
    style: Style = "sme"
    filters: ChatFilters | None = None
    contact_url: str | None = None
    allowed_origins: Annotated[list[str], Field(min_length=1)]
    rate_limit: str | None = None

    @field_validator("allowed_origins")
    @classmethod
    def _origins(cls, value: list[str]) -> list[str]:
        return [normalise_origin(v) for v in value]

    @field_validator("logo")
    @classmethod
    def _logo(cls, value: str | None) -> str | None:
        return _safe_link(value, ("https", "http"))

    @field_validator("contact_url")
    @classmethod
    def _contact(cls, value: str | None) -> str | None:
        return _safe_link(value, ("https", "http", "mailto"))

    def public(self) -> dict[str, Any]:
        """What the widget may know: never the origins, filters or limits."""
        return {
            "site": self.id,
            "name": self.name,
            "greeting": self.greeting,
            "starters": list(self.starters),
            "colours": self.colours.model_dump(),
            "logo": self.logo,
            "language": self.language,
            "style": self.style,
            "contact_url": self.contact_url,
        }


class Sites:
    """The loaded site configs, and the union of their origins (for CORS preflights)."""

    def __init__(self, sites: Iterable[SiteConfig]) -> None:
        self._sites = {site.id: site for site in sites}
        self._origins = frozenset(o for s in self._sites.values() for o in s.allowed_origins)

    def __len__(self) -> int:
        return len(self._sites)

    def get(self, site_id: str) -> SiteConfig | None:
        return self._sites.get(site_id)

    def known_origin(self, origin: str) -> bool:
        """True when some site lists ``origin`` (exact match on the serialised form)."""
        return origin in self._origins

    def ids(self) -> list[str]:
        return sorted(self._sites)


def load_sites(path: Path | None) -> Sites:
    """Sites from a TOML file or a folder of ``*.toml`` files (default: the built-in folder)."""
    path = path or BUILTIN_SITES
    files = sorted(path.glob("*.toml")) if path.is_dir() else [path]
    sites: list[SiteConfig] = []
    for file in files:
        sites.extend(_load_file(file))
    ids = [s.id for s in sites]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ConfigError(f"sites_file: site ids defined twice: {duplicates}")
    return Sites(sites)


def _load_file(file: Path) -> list[SiteConfig]:
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"sites_file: cannot read {file.name}: {exc}") from exc
    tables = data.get("sites")
    if not isinstance(tables, dict) or set(data) != {"sites"}:
        raise ConfigError(f"sites_file: {file.name} must hold only [sites.<id>] tables")
    out = []
    for site_id, table in tables.items():
        try:
            out.append(SiteConfig.model_validate({**table, "id": site_id}))
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {_message(e)}" for e in exc.errors()
            )
            raise ConfigError(
                f"sites_file: site {site_id!r} in {file.name} is invalid: {problems}"
            ) from exc
    return out


def _message(error: Any) -> str:
    return re.sub(r"^Value error, ", "", str(error.get("msg", "")))
