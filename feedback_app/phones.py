"""Phone numbers: validated and normalised to E.164, UK numbers by default."""
from __future__ import annotations

import hashlib
import hmac

import phonenumbers
from flask import current_app
from flask_babel import lazy_gettext as _l


class InvalidPhoneNumber(ValueError):
    pass


def _drama_mobile(number: phonenumbers.PhoneNumber) -> bool:
    """One of the mobile numbers Ofcom keeps for drama and examples (07700 900000 to 07700 900999).
    The numbering data counts them as no number at all, yet they are mobile numbers in form, and
    the examples in our hints, the demonstration data and anyone trying the service use them."""
    return number.country_code == 44 and 7700900000 <= number.national_number <= 7700900999


def is_mobile(number: phonenumbers.PhoneNumber) -> bool:
    return _drama_mobile(number) or phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def normalise_phone(raw: str, region: str = "GB", mobile_only: bool = False) -> str:
    """Return the number in E.164 form (``+447700900123``) or raise ``InvalidPhoneNumber``."""
    try:
        number = phonenumbers.parse((raw or "").strip(), region)
    except phonenumbers.NumberParseException:
        raise InvalidPhoneNumber(_l("Enter a phone number, like 07700 900 982 or +44 7700 900 982"))
    if not (phonenumbers.is_valid_number(number) or _drama_mobile(number)):
        raise InvalidPhoneNumber(_l("Enter a phone number, like 07700 900 982 or +44 7700 900 982"))
    if mobile_only and not is_mobile(number):
        raise InvalidPhoneNumber(_l("Enter a mobile phone number so that we can send a text message"))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    number = phonenumbers.parse(e164, None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def phone_hash(e164: str) -> str:
    """A keyed hash of a number in E.164 form: finds one phone's texts and conversations without
    keeping the number beside them. Numbers Twilio sends in other shapes are normalised first."""
    try:
        e164 = normalise_phone(e164) if not e164.startswith("+") else e164
    except InvalidPhoneNumber:
        pass
    key = f"{current_app.config['LOOKUP_KEY']}:phone".encode()
    return hmac.new(key, "".join(e164.split()).encode(), hashlib.sha256).hexdigest()
