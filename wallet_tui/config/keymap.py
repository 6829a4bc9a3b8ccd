"""The operator's own keys: the `[keymap]` table of the config file.

Each entry names a binding by its id (F1 shows every id of the screen in sight) and gives the
keys for it, as Textual writes keys: `"lookup.recent" = "ctrl+y"`, several comma-separated.
The app hands the table to Textual's `App.set_keymap`. The table is the file's own: the
config store keeps any table it does not own when it rewrites the file, so this one is read
on its own, with tomllib, and never written back."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from wallet_tui.protocol.sentence import Sentence, say

TABLE = "keymap"
# A binding id as the desk names them (`lookup.recent`, `app.show.refill`).
BINDING_ID = re.compile(r"[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+")
# Textual's key names joined by "+", several separated by commas.
KEYS = re.compile(r"\s*[a-z0-9_+-]+(\s*,\s*[a-z0-9_+-]+)*\s*")


@dataclass(frozen=True)
class KeymapReading:
    keys: dict[str, str] = field(default_factory=dict)
    problems: list[Sentence] = field(default_factory=list)


def read_keymap(config_file: Path) -> KeymapReading:
    """The valid entries of `[keymap]`, and a sentence for each one left out."""
    try:
        document = tomllib.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return KeymapReading()  # no file, or a broken one: the config store says so
    table = document.get(TABLE)
    if table is None:
        return KeymapReading()
    if not isinstance(table, dict):
        return KeymapReading(problems=[say("[keymap] must be a table of binding ids and keys")])
    keys: dict[str, str] = {}
    problems: list[Sentence] = []
    for binding_id, value in table.items():
        if not BINDING_ID.fullmatch(binding_id):
            problems.append(say("[keymap]: {name} is not a binding id (F1 shows them)",
                                name=repr(binding_id)))
        elif not isinstance(value, str) or not KEYS.fullmatch(value.lower()):
            problems.append(say("[keymap]: {name} needs keys as a string, like \"ctrl+y\"",
                                name=binding_id))
        else:
            keys[binding_id] = ",".join(key.strip() for key in value.lower().split(","))
    return KeymapReading(keys, problems)
