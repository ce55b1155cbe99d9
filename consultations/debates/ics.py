"""The calendar file (.ics) of a registration, written by hand per RFC 5545.

CRLF line ends, content lines folded at 75 octets (never inside a UTF-8 character), TEXT values escaped (backslash,
semicolon, comma, newline), DTSTART/DTEND in UTC, a UID stable per registration (the same file sent twice, or
downloaded again, updates the same calendar event instead of adding one).
"""

from django.conf import settings

PRODID = "-//AimPact//Debats//FR"
FOLD_AT = 75


def escape_text(value):
    """A TEXT value (RFC 5545 §3.3.11)."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """Fold one content line at 75 octets: continuation lines begin with a space (§3.1)."""
    data = line.encode("utf-8")
    if len(data) <= FOLD_AT:
        return line
    parts, current, limit = [], b"", FOLD_AT
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", FOLD_AT - 1  # the leading space counts
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def utc(moment):
    from datetime import UTC

    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def uid(registration):
    domain = getattr(settings, "DEBATE_ICS_DOMAIN", "") or "aimpact.fr"
    return f"debate-{registration.debate_id}-registration-{registration.pk}@{domain}"


def calendar(debate, registration, url, stamp, cancelled=False):
    """The .ics text of `registration` for `debate` (the version in the registrant's language)."""
    location = []
    if debate.is_in_person and debate.place:
        location.append(debate.place)
    if debate.is_online and debate.stream_url:
        location.append(debate.stream_url)
    description = debate.summary or ""
    if url:
        description = f"{description}\n\n{url}".strip()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'PUBLISH'}",
        "BEGIN:VEVENT",
        f"UID:{uid(registration)}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(debate.starts_at)}",
        f"DTEND:{utc(debate.ends_at)}",
        f"SUMMARY:{escape_text(debate.title)}",
        f"DESCRIPTION:{escape_text(description)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(' — '.join(location))}")
    if url:
        lines.append(f"URL:{url}")
    lines += [
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def unfold(text):
    """The content lines of an .ics text (for reading it back)."""
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def unescape_text(value):
    out, index = [], 0
    while index < len(value):
        char = value[index]
        if char == "\\" and index + 1 < len(value):
            following = value[index + 1]
            out.append("\n" if following in "nN" else following)
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)
