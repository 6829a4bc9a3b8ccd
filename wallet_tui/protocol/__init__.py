"""The wire and nothing else: paths, headers, models, money, phones, levels, error codes.

Imports no other room of wallet_tui."""

from . import wire
from .errors import *  # noqa: F403
from .errors import ApiError, ErrorName, error_from_body
from .levels import LIMITS, Identification, LevelLimits, limits_of
from .models import *  # noqa: F403
from .money import (
    MAX_OPERATION_AMOUNT,
    Amount,
    AmountError,
    Money,
    format_rub,
    format_wire,
    parse_amount,
    quantize,
)
from .phone import Phone, PhoneError, format_phone, parse_phone
from .tariffs import payment_fee, withdrawal_fee
