"""A body's own wording with placeholders: protocol title, date line, preamble.

A body prints its heading and opening formalities in its own words, e.g. the preamble
“{chair} eröffnet die Sitzung und stellt fest, dass {convened} eingeladen wurde und der
Ausschuss mit {voting_present} von {voting_members} Mitgliedern {quorum} ist.”

Only the placeholders listed here are filled, by plain text substitution: the text is
never evaluated as a template, so a body's wording cannot run code or reach into objects
(``str.format`` would allow ``{chair.__class__}``; this does not). Unknown placeholders are
refused when the text is saved (``validate_*``). What a meeting does not state yet prints as
a visible gap (“[fehlt: Einladungsdatum]”) and keeps the protocol from being submitted.
"""

import re
from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

# Each placeholder with what it prints (shown in the body's help text and in messages).
TITLE_PLACEHOLDERS = {
    "body": _("the body's name"),
    "number": _("the meeting's running number"),
    "date": _("the meeting's date"),
    "year": _("the meeting's year"),
}
DATE_LINE_PLACEHOLDERS = {
    **TITLE_PLACEHOLDERS,
    "protocol_date": _("the date of the protocol"),
}
PREAMBLE_PLACEHOLDERS = {
    **TITLE_PLACEHOLDERS,
    "weekday": _("the meeting's weekday"),
    "start": _("the time the meeting started"),
    "location": _("building and room"),
    "chair": _("the chair's name as the body prints it"),
    "chair_function": _("the chair's function"),
    "invitation_date": _("the date of the invitation"),
    "convened": _("“ordnungsgemäß” or “nicht ordnungsgemäß” (invited properly)"),
    "public_notice_date": _("the date of the public notice"),
    "public_notice": _("where the meeting was announced"),
    "quorum": _("“beschlussfähig” or “nicht beschlussfähig”, as the chair states it"),
    "voting_present": _("voting members present at the start"),
    "voting_members": _("voting members on the body's roster"),
}


def placeholders_in(text: str) -> list[str]:
    return PLACEHOLDER.findall(text or "")


def _refuse_unknown(text: str, allowed: Mapping) -> None:
    unknown = sorted({name for name in placeholders_in(text) if name not in allowed})
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(unknown)s. Allowed are: %(allowed)s."),
            params={
                "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                "allowed": ", ".join(f"{{{name}}}" for name in allowed),
            },
            code="unknown_placeholder",
        )


# Module-level functions, so that migrations can name them as the fields' validators.
def validate_title(text: str) -> None:
    _refuse_unknown(text, TITLE_PLACEHOLDERS)


def validate_date_line(text: str) -> None:
    _refuse_unknown(text, DATE_LINE_PLACEHOLDERS)


def validate_preamble(text: str) -> None:
    _refuse_unknown(text, PREAMBLE_PLACEHOLDERS)


def fill(text: str, values: Mapping[str, str | None], *, missing: Callable[[str], str]) -> str:
    """``text`` with each placeholder replaced by its value; a value that is None (not known
    yet) by ``missing(name)``, and an unknown placeholder left as typed."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        value = values[name]
        return missing(name) if value is None else str(value)

    return PLACEHOLDER.sub(replace, text or "")
