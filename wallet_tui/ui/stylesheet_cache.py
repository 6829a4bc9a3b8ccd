"""Textual stylesheets parsed once and kept between runs.

Before its first frame Textual parses every stylesheet in play: its own widgets' default
CSS and ours, twice over when the saved theme is applied (new variables, new parse). That
is some 40 ms of a 400 ms start; unpickling what the last run parsed takes a tenth of it.

A rule set is stored under everything its parse depends on: the CSS text,
where it was read from, its default/tie-breaker/scope flags and the theme's variables. The
file also names the Python and the Textual install it was made by (Textual's own modules'
sizes and times: asking Textual its version costs 25 ms of importlib.metadata), so an
upgrade starts afresh; an unreadable file is ignored and written anew. The file sits in the user's own cache directory (0600), which
only code already running as the user could write, so unpickling it grants nothing new."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import textual.css
from textual.css.model import RuleSet
from textual.css.stylesheet import CSSLocation, Stylesheet

CACHE_NAME = "stylesheets.pickle"
# Entries from earlier runs are kept (other screens, other themes) up to this many; past it
# only what this run used is written.
MAX_ENTRIES = 600

# The CSS text, its location and flags, and the theme's variables, as one dict key.
RulesKey = tuple


class ParsedRules:
    """Rule sets by key: what the cache file held at start, plus what this run parsed."""

    def __init__(self, file: Path | None = None) -> None:
        self.file = file
        self._stored: dict[RulesKey, list[RuleSet]] = _read(file) if file else {}
        self._used: dict[RulesKey, list[RuleSet]] = {}
        self.parsed = 0  # rule lists parsed in this run (cache misses)
        self.reused = 0  # rule lists taken from the file

    def get(self, key: RulesKey) -> list[RuleSet] | None:
        rules = self._used.get(key)
        if rules is None:
            rules = self._stored.get(key)
            if rules is not None:
                self.reused += 1
                self._used[key] = rules
        return rules

    def put(self, key: RulesKey, rules: list[RuleSet]) -> None:
        self.parsed += 1
        self._used[key] = rules

    def save(self) -> None:
        """Write the file if this run parsed anything; never raises (a cache is optional)."""
        if self.file is None or not self.parsed:
            return
        entries = {**self._stored, **self._used}
        if len(entries) > MAX_ENTRIES:
            entries = dict(self._used)
        from wallet_tui.config import atomic_write_bytes, ensure_private_dir

        try:
            data = pickle.dumps((textual_install(), entries), pickle.HIGHEST_PROTOCOL)
            ensure_private_dir(self.file.parent)
            atomic_write_bytes(self.file, data)
        except (OSError, pickle.PicklingError, RecursionError):
            return
        self._stored, self.parsed = entries, 0


def textual_install() -> tuple:
    """What the pickled rules depend on: this Python, and Textual's CSS modules as installed."""
    css_dir = Path(textual.css.__file__).parent
    stats = [(css_dir / name).stat() for name in ("model.py", "styles.py", "parse.py")]
    return (sys.version_info[:2], str(css_dir), *((s.st_size, s.st_mtime_ns) for s in stats))


def _read(file: Path) -> dict[RulesKey, list[RuleSet]]:
    try:
        made_by, entries = pickle.loads(file.read_bytes())
    except Exception:  # noqa: BLE001 - none yet, or broken or foreign: parse afresh, rewrite
        return {}
    if made_by != textual_install() or not isinstance(entries, dict):
        return {}
    return entries


def variables_key(variables: dict[str, str]) -> str:
    return repr(sorted(variables.items()))


class CachedStylesheet(Stylesheet):
    """Textual's Stylesheet, parsing through `ParsedRules` first."""

    def __init__(self, *, variables: dict[str, str] | None = None,
                 parsed_rules: ParsedRules | None = None) -> None:
        super().__init__(variables=variables)
        self.parsed_rules = parsed_rules if parsed_rules is not None else ParsedRules()
        self._variables_key = variables_key(self._variables)

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._variables_key = variables_key(variables)

    def _parse_rules(self, css: str, read_from: CSSLocation, is_default_rules: bool = False,
                     tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, self._variables_key)
        rules = self.parsed_rules.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            # Rules with errors make Textual refuse the stylesheet: never keep them.
            if not any(rule.errors for rule in rules):
                self.parsed_rules.put(key, rules)
        return rules

    # Textual builds a plain Stylesheet in these two; ours must keep the cache.

    def copy(self) -> CachedStylesheet:
        stylesheet = CachedStylesheet(variables=self._variables.copy(),
                                      parsed_rules=self.parsed_rules)
        stylesheet.source = self.source.copy()
        return stylesheet

    def reparse(self) -> None:
        # As Textual's: parse in a fresh stylesheet, so an error leaves this one whole.
        stylesheet = CachedStylesheet(variables=self._variables, parsed_rules=self.parsed_rules)
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            stylesheet.add_source(css, read_from=read_from, is_default_css=is_defaults,
                                  tie_breaker=tie_breaker, scope=scope)
        try:
            stylesheet.parse()
        except Exception:
            self._invalid_css.update(stylesheet._invalid_css)
            raise
        self._rules = stylesheet.rules
        self._rules_map = None
        self.source = stylesheet.source
        self._require_parse = False
