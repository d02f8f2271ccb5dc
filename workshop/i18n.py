"""Which language a screen speaks.

1. The person's own choice: the language switcher (Django's `set_language`)
   stores it in the `django_language` cookie, on any page, for anyone.
2. Otherwise, on a workshop's pages, the workshop's language, set by its
   facilitator: a Swedish workshop greets everyone in Swedish.
3. Otherwise what the browser asks for (Django's LocaleMiddleware), then English.

Live pushes are rendered once per language (`workshop.live`), and every socket
picks the one its screen speaks (`socket_language`), so team mates who chose
different languages each see their own.
"""

from django.conf import settings
from django.utils import translation

from .models import Workshop

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def chosen_language(cookies) -> str | None:
    """The language this person picked with the switcher, if any."""
    code = (cookies or {}).get(settings.LANGUAGE_COOKIE_NAME, "")
    return code if code in LANGUAGE_CODES else None


def workshop_language(workshop_id) -> str | None:
    code = Workshop.objects.filter(pk=workshop_id).values_list("language", flat=True).first()
    return code if code in LANGUAGE_CODES else None


def use_workshop_language(request, workshop: Workshop) -> None:
    """Speak `workshop`'s language on this request unless the person chose one."""
    if chosen_language(request.COOKIES) or workshop.language not in LANGUAGE_CODES:
        return
    translation.activate(workshop.language)
    request.LANGUAGE_CODE = workshop.language


def socket_language(scope, workshop_id) -> str:
    """The language a WebSocket's screen speaks (the same order as for pages)."""
    return (
        chosen_language(scope.get("cookies"))
        or (workshop_id is not None and workshop_language(workshop_id))
        or settings.LANGUAGE_CODE
    )


class WorkshopLanguageMiddleware:
    """After LocaleMiddleware: on a workshop's pages (`/w/<pk>/…`, `/workshops/<pk>/…`),
    the workshop's language wins over the browser's, but not over the person's choice."""

    PREFIXES = ("/w/", "/workshops/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        pk = view_kwargs.get("pk")
        if pk is None or not request.path_info.startswith(self.PREFIXES):
            return None
        if chosen_language(request.COOKIES):
            return None
        code = workshop_language(pk)
        if code:
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return None


def content_file(path, language: str | None):
    """The built-in content file in `language` when there is one: for
    `pmo-default.json` and "sv", `pmo-default.sv.json`; otherwise `path` itself."""
    if language and language != settings.LANGUAGE_CODE:
        translated = path.with_name(f"{path.stem}.{language}{path.suffix}")
        if translated.exists():
            return translated
    return path


def is_translation_file(path) -> bool:
    """`name.sv.json` is the Swedish version of `name.json`, not a file of its own."""
    return path.suffixes[:-1] != [] and path.suffixes[-2].lstrip(".") in LANGUAGE_CODES
