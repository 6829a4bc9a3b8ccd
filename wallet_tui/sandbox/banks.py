"""Participants of the Fast Payment System (СБП) the sandbox lets wallets withdraw to.

`bankId` is the participant's SBP member id as the NSPK publishes it; every id and name here
was checked against public copies of the member lists (docs/sandbox.md, "Banks"). BICs are
given only where certain; the contract makes `bic` optional."""

from __future__ import annotations

from wallet_tui.protocol.models import Bank, BankList

_PARTICIPANTS: tuple[tuple[str, str, str | None], ...] = (
    ("100000000111", "Сбербанк", "044525225"),
    ("100000000004", "Т-Банк", "044525974"),
    ("100000000008", "Альфа-Банк", "044525593"),
    # NSPK's app directory lists VTB's app as bank110000000005; the member id is ...005.
    ("100000000005", "ВТБ", "044525187"),
    ("100000000001", "Газпромбанк", "044525823"),
    ("100000000007", "Райффайзенбанк", "044525700"),
    ("100000000010", "Промсвязьбанк", "044525555"),
    ("100000000012", "Росбанк", "044525256"),
    ("100000000013", "Совкомбанк", None),
    ("100000000020", "Россельхозбанк", "044525111"),
    ("100000000016", "Почта Банк", "044525214"),
    ("100000000017", "МТС Банк", "044525232"),
    ("100000000025", "Московский кредитный банк", "044525659"),
    ("100000000022", "ЮMoney", "044525444"),
    ("100000000026", "Банк Уралсиб", None),
    ("100000000006", "Ак Барс Банк", None),
    ("100000000029", "Банк Санкт-Петербург", "044030790"),
    ("100000000014", "Банк Русский Стандарт", "044525151"),
    ("100000000018", "ОТП Банк", "044525311"),
    ("100000000003", "Банк Синара", None),  # formerly СКБ-банк, under the same id
    ("100000000011", "РНКБ Банк", None),
    ("100000000030", "ЮниКредит Банк", "044525545"),
    ("100000000150", "Яндекс Банк", None),
    ("100000000273", "Озон Банк", None),
)

BANKS: tuple[Bank, ...] = tuple(
    Bank(bank_id=bank_id, name=name, bic=bic) for bank_id, name, bic in _PARTICIPANTS
)
BANK_IDS: frozenset[str] = frozenset(bank.bank_id for bank in BANKS)


def bank_list() -> BankList:
    return BankList(banks=list(BANKS))


def is_known_bank(bank_id: str) -> bool:
    return bank_id in BANK_IDS
