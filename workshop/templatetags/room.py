from django import template

register = template.Library()


@register.filter
def clock(seconds) -> str:
    """Seconds → "m:ss" or "h:mm:ss"; negative (overtime) gets a minus sign."""
    try:
        seconds = int(seconds)
    except (TypeError, ValueError):
        return ""
    sign = "−" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


@register.filter
def epoch_ms(value) -> int | str:
    return int(value.timestamp() * 1000) if value else ""
