"""Connection profiles: where the desk connects and as whom (never with what secret)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from wallet_tui.protocol import wire
from wallet_tui.protocol.paths import (
    DEFAULT_TEMPLATES,
    OPERATIONS,
    PathTable,
    PathTemplateError,
    check_template,
    placeholders,
)

# The rules are plain functions (the first paint checks the file with them before pydantic
# is imported); their names stay importable from here.
from .profile_rules import (  # noqa: F401
    DEFAULT_TIMEOUT_SECONDS,
    NAME_MAX_LENGTH,
    NAME_PATTERN,
    REMOTE,
    SANDBOX,
    SANDBOX_DESCRIPTION,
    SANDBOX_PROFILE_NAME,
    TIMEOUT_MAX_SECONDS,
    TIMEOUT_MIN_SECONDS,
    ProfileError,
    ProfileProblem,
    ProfileReading,
    ENVIRONMENTS,
    PRODUCTION_ENVIRONMENT,
    check_base_url,
    check_environment,
    check_kind,
    check_name,
    check_timeout,
    check_verify_tls,
    environment_of,
)
from wallet_tui.protocol.sentence import Sentence, as_is, say

ProfileKind = Literal["sandbox", "remote"]
Environment = Literal["sandbox", "test", "production"]

# Validation context key: the store sets it when reading the config file, so a CA bundle
# that has since moved does not get the whole file set aside as broken (the login says so).
TRUST_FILES = "trust_files"


class Profile(BaseModel, ProfileReading):
    """One place to connect to. `sandbox` profiles run the embedded sandbox in-process
    and have no base URL; `remote` profiles go over the network to `base_url`."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    name: str
    kind: ProfileKind = REMOTE
    base_url: str | None = None
    client_id: str = ""
    partner_id: str = ""
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    verify_tls: bool = True
    ca_bundle: Path | None = None
    allow_plain_http: bool = False
    # None: the file does not say; `effective_environment` infers it (production for any
    # remote address but a loopback one).
    environment: Environment | None = None
    # Operation name -> path template, for a provider that spells some path differently
    # from the seed (wallet_tui.protocol.paths); empty: the seed's paths.
    paths: dict[str, str] = Field(default_factory=dict)
    # Wallets `wallet-tui check` looks up on this server (read only), besides --wallet.
    check_wallets: list[str] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return check_name(value)

    @field_validator("verify_tls")
    @classmethod
    def _verify_tls(cls, value: bool) -> bool:
        return check_verify_tls(value)

    @field_validator("client_id", "partner_id")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("timeout_seconds")
    @classmethod
    def _timeout(cls, value: float) -> float:
        return check_timeout(value)

    @field_validator("base_url")
    @classmethod
    def _blank_url_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("ca_bundle", mode="before")
    @classmethod
    def _blank_bundle_is_none(cls, value: Any) -> Any:
        # A str becomes a Path here so the store's strict reading of the file accepts it.
        if isinstance(value, str):
            return Path(value.strip()) if value.strip() else None
        return value

    @field_validator("ca_bundle")
    @classmethod
    def _bundle_exists(cls, value: Path | None, info: ValidationInfo) -> Path | None:
        if value is None:
            return None
        value = value.expanduser()
        trust = bool(info.context and info.context.get(TRUST_FILES))
        if not trust and not value.is_file():
            raise ProfileProblem(
                "ca_bundle", say("CA bundle {path} does not exist or is not a file", path=value)
            )
        return value

    @field_validator("check_wallets")
    @classmethod
    def _check_wallets(cls, value: list[str]) -> list[str]:
        wallets = [item.strip() for item in value]
        if any(not 1 <= len(item) <= 64 for item in wallets):
            raise ProfileProblem("check_wallets", say(
                "check_wallets: each wallet id has 1 to 64 characters"
            ))
        return wallets

    @field_validator("paths")
    @classmethod
    def _paths(cls, value: dict[str, str]) -> dict[str, str]:
        return check_paths(value)

    @model_validator(mode="after")
    def _kind_rules(self) -> Profile:
        check_environment(self.name, self.environment)
        if self.kind == SANDBOX and self.paths:
            raise ProfileProblem("paths", say(
                "the embedded sandbox serves the contract's own paths: path overrides "
                "are for remote profiles"
            ))
        base_url = check_kind(
            name=self.name, kind=self.kind, base_url=self.base_url, client_id=self.client_id,
            partner_id=self.partner_id, allow_plain_http=self.allow_plain_http,
        )
        # Frozen model: set the normalised URL through object.__setattr__.
        object.__setattr__(self, "base_url", base_url)
        return self

    def __hash__(self) -> int:
        # Frozen models hash their fields; the paths table is a dict, so hash it as items.
        values = {**self.__dict__, "paths": tuple(sorted(self.paths.items())),
                  "check_wallets": tuple(self.check_wallets)}
        return hash(tuple(values.items()))

    def path_table(self) -> PathTable:
        """The path of each operation on this profile's server."""
        return PathTable(self.paths)

    @property
    def verify(self) -> bool | str:
        """What httpx's `verify=` wants: False, True, or the CA bundle's path."""
        if not self.verify_tls:
            return False
        return str(self.ca_bundle) if self.ca_bundle is not None else True

    def file_problem(self) -> str | None:
        """A missing CA bundle, said plainly; None when the profile's files are in place."""
        if self.ca_bundle is not None and not self.ca_bundle.is_file():
            return str(say("profile {name}: CA bundle {path} does not exist",
                           name=repr(self.name), path=self.ca_bundle))
        return None


# How each broken rule of a path template is said (wallet_tui.protocol.paths names the kind).
_PATH_PROBLEMS = {
    "operation": say("paths.{operation}: no such operation; known ones: {known}"),
    "type": say("paths.{operation}: a path in quotes is expected"),
    "host": say("paths.{operation}: a path only, without a scheme or host (the host is the "
                "base URL's)"),
    "slash": say("paths.{operation}: must start with /, like {default}"),
    "query": say("paths.{operation}: must not carry a query (?...) or a fragment (#...)"),
    "placeholders": say("paths.{operation}: must hold exactly the placeholders {wanted}, "
                        "as {default} does"),
    "characters": say("paths.{operation}: holds characters a path cannot carry"),
}


def check_paths(value: dict[str, str]) -> dict[str, str]:
    """A profile's [paths] table, each template checked against its operation's default."""
    checked = {}
    for operation, template in value.items():
        try:
            checked[operation] = check_template(operation, template)
        except PathTemplateError as error:
            default = DEFAULT_TEMPLATES.get(operation, "")
            wanted = ", ".join(f"{{{name}}}" for name in placeholders(default)) or "-"
            sentence = Sentence(_PATH_PROBLEMS[error.kind].template, dict(
                operation=operation, known=", ".join(OPERATIONS), default=default,
                wanted=wanted,
            ))
            raise ProfileProblem(f"paths.{operation}", sentence) from None
    return checked


def sandbox_profile() -> Profile:
    """The profile that always exists: the embedded sandbox with its published demo partner."""
    return Profile(
        name=SANDBOX_PROFILE_NAME,
        kind=SANDBOX,
        client_id=wire.DEMO_CLIENT_ID,
        partner_id=wire.DEMO_PARTNER_ID,
    )


# pydantic's own complaints about a value's type, as the config file and the editor meet
# them; other kinds keep pydantic's English words.
_TYPE_PROBLEMS = {
    "string_type": say("text in quotes is expected"),
    "bool_type": say("true or false is expected"),
    "float_type": say("a number is expected"),
    "float_parsing": say("a number is expected"),
    "int_type": say("a number is expected"),
    "int_parsing": say("a number is expected"),
    "dict_type": say("a table is expected"),
    "model_type": say("a table is expected"),
    "missing": say("it is missing"),
}


def problems(exc: Exception) -> list[tuple[str | None, Sentence]]:
    """Each problem of a pydantic ValidationError (or of any error): the field it is about
    (None when it is about the whole profile) and a sentence for the operator."""
    errors = getattr(exc, "errors", None)
    if not callable(errors) or not errors():
        return [(getattr(exc, "field", None), _sentence_of(exc))]
    found = []
    for item in errors():
        location = [str(part) for part in item.get("loc", ()) if part != "__root__"]
        cause = (item.get("ctx") or {}).get("error")
        field = getattr(cause, "field", None) or (location[-1] if location else None)
        found.append((field, _sentence_of(cause) if cause is not None else _type_problem(item)))
    return found


def _sentence_of(error: BaseException) -> Sentence:
    said = error.args[0] if len(error.args) == 1 else None
    return said if isinstance(said, Sentence) else as_is(error)


def _type_problem(item: dict[str, Any]) -> Sentence:
    if item.get("type") == "literal_error":
        expected = (item.get("ctx") or {}).get("expected")
        return say("one of {expected} is expected", expected=expected)
    known = _TYPE_PROBLEMS.get(str(item.get("type")))
    return known if known is not None else as_is(item.get("msg", ""))


def first_problem(exc: Exception) -> Sentence:
    """The first problem as one sentence for a message line, saying where it is when
    pydantic itself complained (a wrong type in the config file)."""
    errors = getattr(exc, "errors", None)
    problem = problems(exc)[0][1]
    if callable(errors) and errors():
        item = errors()[0]
        location = ".".join(str(part) for part in item.get("loc", ()) if part != "__root__")
        if location and item.get("type") != "value_error":
            return say("{location}: {problem}", location=location, problem=problem)
    return problem


def first_error(exc: Exception) -> str:
    """`first_problem`, read now."""
    return str(first_problem(exc))
