"""Reading the desk's source for its texts: what is marked for translation (`_()`, `N_()`,
`ngettext()` in the ui, `say()`, `say_n()` in the rooms below it) as Babel's extractor reads
it for the catalogue (scripts/update-catalogue), misused markers, and visible text that
reaches a widget or the operator unmarked. Used by test_i18n.py."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import wallet_tui.ui

UI_ROOT = Path(wallet_tui.ui.__file__).parent
PACKAGE_ROOT = UI_ROOT.parent
MARKERS = ("_", "N_", "ngettext")
# The rooms below the ui say what they tell the operator through `say()` (protocol/sentence.py);
# the ui reads it in the desk's language.
ROOMS = ("config", "scenario", "journal")
ROOM_MARKERS = ("say", "say_n")
# Babel's keywords, as scripts/update-catalogue gives them to `pybabel extract`.
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "say": None, "say_n": (1, 2)}
# Not the desk's: the sandbox and its web pages speak English to the partner's developers.
EXTRACT_IGNORED = ("sandbox", "web")
# Modules of those rooms whose words are not the desk's: the command line's output and help
# (English, like argparse's own words), log lines (read by support), the file header.
ROOM_ENGLISH_MODULES = ("cli_profiles.py", "logging_setup.py", "paths.py", "__init__.py")
# Exceptions these rooms raise and catch themselves, never shown.
ROOM_INTERNAL_ERRORS = {"Unsure", "IndexError"}
# A statement with this comment holds texts that are never shown (matching, ids...) or are
# shown as they are in every language (the palette's language names).
IGNORE_COMMENT = "# i18n: keep"

# Words that stay as they are in every language: the API's names, keys, units.
KEEP_WORDS = {
    # keys
    "Ctrl", "Esc", "Enter", "Tab", "Shift", "PgUp", "PgDn", "Alt", "Up", "Down", "Left",
    "Right", "Home", "End", "Del", "Ins", "Bksp", "Space",
    # wire and tool names in camelCase are recognised by shape; these are not camelCase
    "curl", "http", "https", "json", "ms", "true", "false", "null",
}
# Wire names of more than one word, taken out before the words are looked at.
KEEP_PHRASES = ("Idempotency-Key", "Idempotent-Replayed", "X-Request-Id", "Bearer")
# Rich style words: a string made only of these is a style, not text.
STYLE_WORDS = {
    "bold", "dim", "italic", "underline", "reverse", "strike", "blink", "not", "on",
    "red", "green", "yellow", "blue", "magenta", "cyan", "white", "black", "default",
}
# Calls whose every positional argument is shown (tuples inside: their first item).
SHOWN_ARGS = {
    "Label", "Static", "Text", "Checkbox", "RadioButton", "ConfirmModal", "Invalid",
    "ErrorText", "append", "update", "show_error", "show_text", "assemble", "Content",
}
# Calls whose positional arguments at these places are shown.
SHOWN_AT = {
    "Binding": (2,), "Button": (0,), "Field": (0,), "Option": (0,), "Select": (0,),
    "notify": (0,), "PaletteEntry": (0, 1), "FooterLabel": (0,),
}
SHOWN_KEYWORDS = {
    "placeholder", "title", "description", "tooltip", "waiting", "label", "hint", "help",
    "prompt", "message",
}
CONSTANT_SKIP = {"CSS", "DEFAULT_CSS", "CSS_PATH", "SCREEN_CSS", "AUTO_FOCUS"}


@dataclass(frozen=True)
class Found:
    text: str
    where: str  # file:line


def ui_files() -> list[Path]:
    return sorted(path for path in UI_ROOT.rglob("*.py") if "__pycache__" not in path.parts)


def room_files() -> list[Path]:
    return sorted(path for room in ROOMS for path in (PACKAGE_ROOT / room).rglob("*.py")
                  if "__pycache__" not in path.parts)


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(PACKAGE_ROOT.parent)}:{getattr(node, 'lineno', 0)}"


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _is_marker(node: ast.AST, markers: tuple[str, ...] = MARKERS) -> bool:
    return isinstance(node, ast.Call) and _call_name(node) in markers and isinstance(
        node.func, ast.Name
    )


def _has_words(text: str) -> bool:
    """A template with something to translate; `{problem} {advice}` reads the same in every
    language and needs no catalogue entry."""
    return bool(_WORD.search(re.sub(r"\{[^}]*\}", "", text)))


def marked_texts() -> tuple[dict[str, list[str]], list[str]]:
    """Every literal given to `_()` / `N_()` in the ui and to `say()` in the rooms below it,
    with where; and the misuses (f-strings, expressions built from literals: the catalogue
    could never hold them)."""
    texts: dict[str, list[str]] = {}
    problems: list[str] = []
    sources = [(path, MARKERS) for path in ui_files()]
    sources += [(path, ROOM_MARKERS) for path in room_files()]
    for path, markers in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not _is_marker(node, markers):
                continue
            assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            arg = node.args[0] if node.args else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                if _has_words(arg.value):
                    texts.setdefault(arg.value, []).append(_where(path, node))
            elif isinstance(arg, (ast.JoinedStr, ast.BinOp)) or arg is None:
                problems.append(
                    f"{_where(path, node)}: {node.func.id}() needs one plain literal; "
                    "use _('... {name} ...').format(name=...) or say('... {name} ...', name=...)"
                )
    return texts, problems


_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_URL_OR_PATH = re.compile(r"^\s*(https?://\S*|/[\w/{}.\-]*)\s*$")


def _untranslated_words(text: str) -> list[str]:
    if _URL_OR_PATH.match(text):
        return []
    for phrase in KEEP_PHRASES:
        text = text.replace(phrase, " ")
    words = _WORD.findall(text)
    if words and all(word in STYLE_WORDS for word in words):
        return []
    left = []
    for word in words:
        if len(word) < 2 or word in KEEP_WORDS or word.isupper():
            continue
        if any(ch.isupper() for ch in word[1:]):
            continue  # camelCase or PascalCase: a wire or code name (clientId, WalletClient)
        if word.startswith("F") and word[1:].isdigit():
            continue
        left.append(word)
    return left


def _literal_parts(node: ast.AST) -> Iterator[ast.AST]:
    """The literal text pieces of an expression, not looking inside `_()` / `N_()`."""
    if _is_marker(node):
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, ast.JoinedStr):
        for value in node.values:
            if isinstance(value, ast.Constant):
                yield value
    elif isinstance(node, ast.BinOp):
        yield from _literal_parts(node.left)
        yield from _literal_parts(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _literal_parts(node.body)
        yield from _literal_parts(node.orelse)
    elif isinstance(node, (ast.Tuple, ast.List)) and node.elts:
        # ("text", "style") pairs: the first item is the text.
        yield from _literal_parts(node.elts[0])
        if len(node.elts) > 2 or not _looks_like_style(node.elts[-1]):
            for element in node.elts[1:]:
                yield from _literal_parts(element)
    elif isinstance(node, ast.ListComp):
        yield from _literal_parts(node.elt)
    elif isinstance(node, ast.Starred):
        yield from _literal_parts(node.value)


def _looks_like_style(node: ast.AST) -> bool:
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)
            and all(word in STYLE_WORDS for word in _WORD.findall(node.value)))


def _ignored_lines(source: str, tree: ast.Module) -> set[int]:
    lines = source.splitlines()
    ignored: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.end_lineno is not None:
            span = range(node.lineno, node.end_lineno + 1)
            if any(IGNORE_COMMENT in lines[number - 1] for number in span):
                ignored.update(span)
    return ignored


def unmarked_texts() -> list[Found]:
    """Literal text that reaches a label, button, binding, notification, placeholder, rich
    Text or a returned sentence without going through `_()`."""
    found: list[Found] = []
    for path in ui_files():
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source, filename=str(path))
        ignored = _ignored_lines(source, tree)

        def check(expression: ast.AST, *, strict: bool = True) -> None:
            for part in _literal_parts(expression):
                text = part.value  # type: ignore[attr-defined]
                if part.lineno in ignored:
                    continue
                words = _untranslated_words(text)
                if not words:
                    continue
                if not strict and " " not in text.strip() and not text[:1].isupper():
                    continue  # one lowercase word: an id or a name, not a sentence
                found.append(Found(text, _where(path, part)))

        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = _call_name(node)
                if _is_marker(node):
                    continue
                if name in SHOWN_ARGS:
                    for arg in node.args:
                        check(arg)
                for index in SHOWN_AT.get(name or "", ()):
                    if index < len(node.args):
                        check(node.args[index])
                for keyword in node.keywords:
                    if keyword.arg in SHOWN_KEYWORDS:
                        check(keyword.value)
                    elif name == "Binding" and keyword.arg == "description":
                        check(keyword.value)
            elif isinstance(node, ast.Return) and node.value is not None:
                check(node.value, strict=False)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for default in [*node.args.defaults, *node.args.kw_defaults]:
                    if default is not None:
                        check(default, strict=False)
        # Module and class constants: shown later by name.
        bodies = [tree.body] + [n.body for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
        for body in bodies:
            for statement in body:
                if isinstance(statement, (ast.Assign, ast.AnnAssign)):
                    targets = (statement.targets if isinstance(statement, ast.Assign)
                               else [statement.target])
                    names = {t.id for t in targets if isinstance(t, ast.Name)}
                    if names & CONSTANT_SKIP or statement.value is None:
                        continue
                    for node in ast.walk(statement.value):
                        if isinstance(node, ast.Constant) and isinstance(node.value, str):
                            if any(node is inner for marker in ast.walk(statement.value)
                                   if _is_marker(marker) for inner in ast.walk(marker)):
                                continue
                            check(node, strict=False)
    unique: dict[tuple[str, str], Found] = {(f.text, f.where): f for f in found}
    return list(unique.values())


def unsaid_texts() -> list[Found]:
    """English sentences of the config and scenario rooms that do not go through `say()`.

    Everything these rooms write may reach the operator (a warning, an exception's message,
    a line of the demo), so any literal that reads like a sentence counts, wherever it
    stands, except docstrings, log calls, `# i18n: keep` statements and the modules whose
    words stay English (ROOM_ENGLISH_MODULES)."""
    found: list[Found] = []
    for path in room_files():
        if path.name in ROOM_ENGLISH_MODULES:
            continue
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source, filename=str(path))
        ignored = _ignored_lines(source, tree)
        skipped: set[int] = set()  # ids of literal nodes that are fine where they stand
        for node in ast.walk(tree):
            if (_is_marker(node, ROOM_MARKERS) or _is_log_call(node)
                    or _is_marker(node, tuple(ROOM_INTERNAL_ERRORS))):
                skipped.update(id(inner) for inner in ast.walk(node))
            for annotation in _annotations(node):
                skipped.update(id(inner) for inner in ast.walk(annotation))
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                 ast.AsyncFunctionDef)):
                docstring = node.body[0] if node.body else None
                if isinstance(docstring, ast.Expr) and isinstance(docstring.value, ast.Constant):
                    skipped.add(id(docstring.value))
        for node in ast.walk(tree):
            if id(node) in skipped or getattr(node, "lineno", None) in ignored:
                continue
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            text = node.value
            if not _untranslated_words(text):
                continue
            if " " not in text.strip() and not text[:1].isupper():
                continue  # one lowercase word: an id or a name, not a sentence
            found.append(Found(text, _where(path, node)))
    return found


def _annotations(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return [node.returns] if node.returns is not None else []
    if isinstance(node, ast.arg) and node.annotation is not None:
        return [node.annotation]
    if isinstance(node, ast.AnnAssign):
        return [node.annotation]
    return []


def _is_log_call(node: ast.AST) -> bool:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    owner = node.func.value
    return (isinstance(owner, ast.Name) and owner.id in ("log", "logger", "logging")
            and node.func.attr in ("debug", "info", "warning", "error", "exception"))


def placeholders(text: str) -> set[str] | None:
    """The `{name}` fields of a text, or None when it is not a format string."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


@cache
def extracted_texts() -> dict[str | tuple[str, ...], str]:
    """What Babel's extractor finds for the catalogue (the msgid, or singular and plural),
    with where the first use is."""
    from babel.messages.extract import extract_from_dir

    method_map = [(f"{room}/**.py", "ignore") for room in EXTRACT_IGNORED]
    method_map.append(("**.py", "python"))
    found: dict[str | tuple[str, ...], str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE_ROOT), method_map=method_map, keywords=KEYWORDS,
    ):
        if isinstance(message, tuple):
            message = tuple(part for part in message if part is not None)
            if len(message) == 1:
                message = message[0]
        found.setdefault(message, f"wallet_tui/{filename}:{lineno}")
    return found
