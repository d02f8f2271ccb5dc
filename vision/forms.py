"""Forms of the Vision 2030 briefing: a finding with its optional image.

An uploaded image is checked by its content, never by its name or declared type:
Pillow must recognise it as PNG, JPEG or WebP from the bytes, its header must
describe a picture of sensible size (so a small file cannot expand into billions
of pixels), and `verify()` must find it intact.
"""

import warnings

from django import forms
from django.utils.translation import gettext_lazy as _
from PIL import Image

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_SIDE = 6000
# Checked from the header before any pixel is decoded.
MAX_IMAGE_PIXELS = MAX_IMAGE_SIDE * MAX_IMAGE_SIDE
IMAGE_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}

NOT_AN_IMAGE = _(
    "This file is not a PNG, JPEG or WebP image. Save or export it in one of those "
    "formats and choose it again."
)


def checked_image(upload):
    """The upload, renamed after its real format; ValidationError if it is not an image
    we accept."""
    if upload.size > MAX_IMAGE_BYTES:
        raise forms.ValidationError(
            _("The image is larger than 5 MB. Make it smaller (e.g. export it at 1920 px wide).")
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=list(IMAGE_FORMATS)) as image:
                width, height = image.size
                kind = image.format
                if (
                    width > MAX_IMAGE_SIDE
                    or height > MAX_IMAGE_SIDE
                    or width * height > MAX_IMAGE_PIXELS
                ):
                    raise _TooLarge
                image.verify()
    except (_TooLarge, Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise forms.ValidationError(
            _(
                "The image is too large: at most 6000 × 6000 pixels. "
                "Scale it down and choose it again."
            )
        ) from None
    except Exception:  # noqa: BLE001 - a decoder fed hostile bytes may raise anything
        # Pillow's own errors, and more: once WeasyPrint is imported it sets
        # LOAD_TRUNCATED_IMAGES, and a truncated PNG then fails verify() with IndexError.
        raise forms.ValidationError(NOT_AN_IMAGE) from None
    if kind not in IMAGE_FORMATS:
        raise forms.ValidationError(NOT_AN_IMAGE)
    upload.seek(0)
    upload.name = f"finding{IMAGE_FORMATS[kind]}"
    return upload


class _TooLarge(Exception):
    pass


class FindingForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=160,
        error_messages={
            "required": _("Give the finding a short title."),
            "max_length": _("Keep the title under 160 characters — it is read from the back."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the room reads on the projector: two to five sentences work best."),
        error_messages={
            "required": _("Write what the finding says."),
            "max_length": _("Keep the text under 4000 characters; split a long finding in two."),
        },
    )
    image = forms.FileField(
        label=_("Image (optional)"),
        required=False,
        help_text=_("PNG, JPEG or WebP; at most 5 MB and 6000 × 6000 pixels."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    image_alt = forms.CharField(
        label=_("Image description"),
        max_length=200,
        required=False,
        help_text=_("What the image shows, for people who cannot see it."),
        error_messages={"max_length": _("Keep the description under 200 characters.")},
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, finding=None, seen: str = "", **kwargs):
        self.finding = finding
        if finding is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": finding.title,
                "text": finding.text,
                "image_alt": finding.image_alt,
                "seen": seen,
            }
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if finding is None or not finding.image:
            del self.fields["remove_image"]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        return checked_image(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        uploading = bool(self.files.get(self.add_prefix("image")))
        keeping = bool(self.finding and self.finding.image and not cleaned.get("remove_image"))
        if (uploading or keeping) and not (cleaned.get("image_alt") or "").strip():
            self.add_error(
                "image_alt",
                _("Describe the image in a few words, for people who cannot see it."),
            )
        return cleaned
