"""Theme files: TOML, shipped in the project's top-level `themes/` and read from the user's
config dir `themes/`.

Textual has no theme-file loader: each file is parsed with tomllib, checked, and turned into
a `textual.theme.Theme` for `App.register_theme`. A broken user file is reported and skipped,
never fatal."""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

DEFAULT_DARK = "wallet-dark"
DEFAULT_LIGHT = "wallet-light"
COLOR_KEYS = (
    "primary", "secondary", "warning", "error", "success", "accent",
    "foreground", "background", "surface", "panel", "boost",
)
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
KNOWN_KEYS = frozenset({"name", "dark", "luminosity_spread", "text_alpha", "variables", *COLOR_KEYS})


class ThemeFileError(ValueError):
    """A theme file that cannot be used; the text names the file and the problem."""


@dataclass(frozen=True)
class LoadedThemes:
    themes: list[Theme]
    problems: list[str]  # one sentence per file skipped


def theme_from_document(doc: dict[str, Any], source: str) -> Theme:
    def fail(problem: str) -> ThemeFileError:
        return ThemeFileError(f"theme file {source}: {problem}")

    unknown = sorted(set(doc) - KNOWN_KEYS)
    if unknown:
        raise fail(f"unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(KNOWN_KEYS))}")
    name = doc.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise fail("`name` must be lowercase latin letters, digits, - or _ (at most 40)")
    if "primary" not in doc:
        raise fail("`primary` colour is required")
    colors: dict[str, str] = {}
    for key in COLOR_KEYS:
        if key not in doc:
            continue
        value = doc[key]
        if not isinstance(value, str):
            raise fail(f"`{key}` must be a colour string like \"#1e90ff\"")
        try:
            Color.parse(value)
        except ColorParseError:
            raise fail(f"`{key}` = {value!r} is not a colour") from None
        colors[key] = value
    dark = doc.get("dark", True)
    if not isinstance(dark, bool):
        raise fail("`dark` must be true or false")
    variables = doc.get("variables", {})
    if not isinstance(variables, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in variables.items()
    ):
        raise fail("[variables] must map names to strings")
    extra: dict[str, Any] = {}
    for key in ("luminosity_spread", "text_alpha"):
        if key in doc:
            value = doc[key]
            if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
                raise fail(f"`{key}` must be a number from 0 to 1")
            extra[key] = float(value)
    return Theme(name=name, dark=dark, variables=dict(variables), **colors, **extra)


def load_theme_file(path: Path) -> Theme:
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ThemeFileError(f"theme file {path}: not valid TOML ({error})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ThemeFileError(f"theme file {path}: cannot be read ({error})") from None
    return theme_from_document(doc, str(path))


# Where a wheel puts the top-level `themes/`, under an install scheme's data dir
# (pyproject.toml's data-files; tests/ui/test_themes.py holds the two together).
INSTALLED_THEMES = Path("share", "wallet-tui", "themes")


def shipped_themes_dir() -> Path:
    """The app's own theme files: the top-level `themes/` of the checkout the code runs from
    (an editable install runs from one), else where an install put them."""
    checkout = Path(__file__).resolve().parents[3]  # wallet_tui/ui/themes/__init__.py
    if (checkout / "pyproject.toml").is_file() and (checkout / "themes").is_dir():
        return checkout / "themes"
    # The scheme pip installed with is not recorded: a venv's, the user's (--user), or a
    # distribution's own (Debian's /usr/local). Each one's data dir is looked in.
    import sysconfig  # here: only an installed app needs it

    data_dirs = [Path(sys.prefix)]
    for scheme in sysconfig.get_scheme_names():
        try:
            data_dirs.append(Path(sysconfig.get_path("data", scheme)))
        except KeyError:  # a scheme without a data path on this platform
            continue
    for data_dir in data_dirs:
        if (data_dir / INSTALLED_THEMES).is_dir():
            return data_dir / INSTALLED_THEMES
    raise FileNotFoundError(f"no shipped themes: neither {checkout / 'themes'} nor "
                            f"{INSTALLED_THEMES} under {sys.prefix}")


def shipped_themes() -> list[Theme]:
    """The themes the app ships; a broken one is a bug, so it raises."""
    themes = []
    for entry in sorted(shipped_themes_dir().glob("*.toml")):
        doc = tomllib.loads(entry.read_text(encoding="utf-8"))
        themes.append(theme_from_document(doc, f"(shipped) {entry.name}"))
    return themes


def user_themes(folder: Path) -> LoadedThemes:
    themes: list[Theme] = []
    problems: list[str] = []
    if not folder.is_dir():
        return LoadedThemes(themes, problems)
    for path in sorted(folder.glob("*.toml")):
        try:
            themes.append(load_theme_file(path))
        except ThemeFileError as error:
            problems.append(str(error))
    return LoadedThemes(themes, problems)
