"""`wallet-tui profile list|add|edit|remove|default`.

Exit codes: 0 done; 2 the request was refused (bad value, unknown profile, the sandbox
cannot be removed), as argparse does for bad arguments; 1 the config could not be saved."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TextIO

# The parser is built on every start of wallet-tui: pydantic and the models load only
# when a profile command runs.
from .profile_rules import REMOTE, SANDBOX, ProfileError

if TYPE_CHECKING:
    from .settings import Settings
    from .store import ConfigStore

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REFUSED = 2

# Options shared by add and edit: (flag, field, argparse keywords).
_FIELD_OPTIONS: list[tuple[str, str, dict[str, Any]]] = [
    ("--base-url", "base_url", {"metavar": "URL", "help": "https://... (remote profiles)"}),
    ("--client-id", "client_id", {"metavar": "ID", "help": "the partner's clientId"}),
    ("--partner-id", "partner_id", {"metavar": "ID", "help": "the partner's partnerId"}),
    ("--timeout", "timeout_seconds", {"type": float, "metavar": "SECONDS", "help": "request timeout, 1-120 s"}),
    ("--ca-bundle", "ca_bundle", {"metavar": "PATH", "help": "CA certificates to trust (PEM file)"}),
    (
        "--verify-tls",
        "verify_tls",
        {"action": argparse.BooleanOptionalAction, "help": "always on: --no-verify-tls is refused; use --ca-bundle"},
    ),
    (
        "--allow-plain-http",
        "allow_plain_http",
        {"action": argparse.BooleanOptionalAction, "help": "allow http:// for a loopback test server"},
    ),
]


def add_profile_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `profile` on the app's subparsers (wallet_tui.cli calls this)."""
    parser = subparsers.add_parser(
        "profile",
        help="list, add, edit or remove connection profiles",
        description="Connection profiles. Secrets are never given here: they come from "
        "WALLET_TUI_CLIENT_SECRET, the system keyring or the login form.",
    )
    actions = parser.add_subparsers(dest="profile_command", required=True, metavar="ACTION")
    actions.add_parser("list", help="show the profiles; * marks the default")

    add = actions.add_parser("add", help="add a profile")
    add.add_argument("name", help="lowercase letters, digits, - and _")
    add.add_argument("--kind", choices=(REMOTE, SANDBOX), default=REMOTE)
    _add_field_options(add)
    add.add_argument("--default", action="store_true", help="make it the default profile")

    edit = actions.add_parser("edit", help="change some fields of a profile")
    edit.add_argument("name")
    _add_field_options(edit)
    edit.add_argument("--no-ca-bundle", action="store_true", help="stop using a CA bundle")
    edit.add_argument("--rename", metavar="NEW_NAME", help="give the profile a new name")

    remove = actions.add_parser("remove", help="remove a profile and forget its remembered secret")
    remove.add_argument("name")

    default = actions.add_parser("default", help="make a profile the default")
    default.add_argument("name")
    parser.set_defaults(handler=profile_command)
    return parser


def _add_field_options(parser: argparse.ArgumentParser) -> None:
    for flag, dest, keywords in _FIELD_OPTIONS:
        parser.add_argument(flag, dest=dest, default=None, **keywords)
    parser.add_argument(
        "--path", dest="path_overrides", action="append", default=[], metavar="OP=TEMPLATE",
        help="respell one operation's path, e.g. withdrawal_create=/api/wallet/v1/account/"
             "{walletId}/withdrawal; OP= goes back to the seed's path (docs/going-live.md)",
    )
    parser.add_argument("--check-wallet", dest="check_wallets", action="append", default=None,
                        metavar="ID", help="a wallet `wallet-tui check` looks up (repeatable)")


def _path_changes(args: argparse.Namespace, current: dict[str, str]) -> dict[str, str] | None:
    """The profile's paths after `--path OP=TEMPLATE` options; None when none was given."""
    given = getattr(args, "path_overrides", None) or []
    if not given:
        return None
    paths = dict(current)
    for item in given:
        operation, equals, template = item.partition("=")
        if not equals:
            raise ProfileError(f"--path {item!r}: write it as OP=TEMPLATE")
        if template.strip():
            paths[operation.strip()] = template.strip()
        else:
            paths.pop(operation.strip(), None)
    return paths


def _given_fields(args: argparse.Namespace, current: dict[str, str] | None = None
                  ) -> dict[str, Any]:
    fields = {
        dest: getattr(args, dest)
        for _, dest, _ in _FIELD_OPTIONS
        if getattr(args, dest, None) is not None
    }
    paths = _path_changes(args, current or {})
    if paths is not None:
        fields["paths"] = paths
    if getattr(args, "check_wallets", None) is not None:
        fields["check_wallets"] = args.check_wallets
    return fields


def profile_command(
    args: argparse.Namespace,
    *,
    store: ConfigStore | None = None,
    secrets: Any = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    from .profiles import first_error
    from .store import ConfigError, ConfigStore

    out = out or sys.stdout
    err = err or sys.stderr
    store = store or ConfigStore()
    settings = store.load()
    if store.warning:
        print(f"warning: {store.warning}", file=err)
    action = args.profile_command
    try:
        if action == "list":
            _list(settings, store, out)
            return EXIT_OK
        if action == "add":
            messages = _add(settings, args)
        elif action == "edit":
            messages = _edit(settings, args, secrets, store)
        elif action == "remove":
            messages = _remove(settings, args, secrets)
        elif action == "default":
            settings.set_default(args.name)
            messages = [f"{args.name!r} is now the default profile."]
        else:  # argparse makes the action required; kept for callers building args by hand
            print(f"wallet-tui profile: unknown action {action!r}", file=err)
            return EXIT_REFUSED
    except ValueError as error:  # ProfileError and pydantic's ValidationError are ValueErrors
        print(f"wallet-tui profile {action}: {first_error(error)}", file=err)
        return EXIT_REFUSED
    try:
        store.save(settings)
    except ConfigError as error:
        print(f"wallet-tui profile {action}: {error}", file=err)
        return EXIT_FAILED
    for message in messages:
        print(message, file=out)
    return EXIT_OK


def _list(settings: Settings, store: ConfigStore, out: TextIO) -> None:
    rows = [("", "NAME", "KIND", "WHERE", "CLIENT ID", "PARTNER ID")]
    for profile in settings.profiles.values():
        marker = "*" if profile.name == settings.default_profile else ""
        rows.append(
            (marker, profile.name, profile.kind, profile.describe(), profile.client_id, profile.partner_id)
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip(), file=out)
    print(f"\n* default profile. Config file: {store.path}", file=out)


def _add(settings: Settings, args: argparse.Namespace) -> list[str]:
    from .profiles import Profile

    if args.name in settings.profiles:
        raise ProfileError(f"a profile named {args.name!r} already exists: edit it instead")
    profile = Profile.model_validate({"name": args.name, "kind": args.kind, **_given_fields(args)})
    settings.add_profile(profile)
    messages = [f"Added profile {profile.name!r} ({profile.describe()})."]
    if args.default:
        settings.set_default(profile.name)
        messages.append(f"{profile.name!r} is now the default profile.")
    if profile.kind == REMOTE:
        messages.append(
            "Its clientSecret is not stored here: give it at login (tick \"remember\" to keep "
            "it in the system keyring) or set WALLET_TUI_CLIENT_SECRET."
        )
    return messages


def _edit(settings: Settings, args: argparse.Namespace, secrets: Any,
          store: ConfigStore) -> list[str]:
    from .cache import RecentWallets
    from .profiles import Profile

    old = settings.profile(args.name)
    changes = _given_fields(args, old.paths)
    if args.no_ca_bundle:
        if "ca_bundle" in changes:
            raise ProfileError("give either --ca-bundle or --no-ca-bundle, not both")
        changes["ca_bundle"] = None
    if not changes and not args.rename:
        raise ProfileError("nothing to change: give at least one option (see --help)")
    edited = Profile.model_validate({**old.model_dump(), **changes})
    settings.replace_profile(edited)
    messages = [f"Updated profile {edited.name!r}."]
    if args.rename:
        edited = settings.rename_profile(edited.name, args.rename)
        messages = [f"Updated profile {old.name!r}, now named {edited.name!r}."]
    if old.client_id != edited.client_id or old.name != edited.name:
        moved = _secrets(secrets).move(old, edited)
        if old.client_id != edited.client_id:
            messages.append("The client id changed: a secret remembered for the old one was forgotten.")
        elif moved:
            messages.append("Its remembered secret now belongs to the new name.")
    if old.name != edited.name:
        RecentWallets(paths=store.paths).rename_profile(old.name, edited.name)
    return messages


def _remove(settings: Settings, args: argparse.Namespace, secrets: Any) -> list[str]:
    was_default = settings.default_profile == args.name
    profile = settings.remove_profile(args.name)
    messages = [f"Removed profile {profile.name!r}."]
    if was_default:
        messages.append("The default profile is now 'sandbox'.")
    if _secrets(secrets).forget(profile):
        messages.append("Its remembered secret was removed from the system keyring.")
    return messages


def _secrets(secrets: Any) -> Any:
    if secrets is not None:
        return secrets
    from .secrets import SecretStore

    return SecretStore()
