"""Finding images: checked by content on upload, served only to who may see them."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from vision import briefing
from vision.forms import FindingForm
from vision.models import Finding

from ..conftest import attendee_client_for, errors_beside
from ..factories import ParticipantFactory, TeamFactory
from ..part2_factories import FindingFactory

pytestmark = pytest.mark.django_db


def image_bytes(fmt="PNG", size=(64, 40), colour=(239, 125, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(content: bytes, name="chart.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pixel_bomb() -> bytes:
    """A small, valid-looking PNG whose header claims 40000 × 40000 pixels."""
    png = bytearray(image_bytes(size=(1, 1)))
    # Rewrite the IHDR chunk (right after the 8-byte signature) and its CRC.
    ihdr = png[12:29]
    ihdr[4:12] = struct.pack(">II", 40_000, 40_000)
    png[12:29] = ihdr
    png[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)) & 0xFFFFFFFF)
    return bytes(png)


def form_with(image, alt="A rising bar chart", **data):
    return FindingForm(
        {
            "title": "Data-driven PMOs",
            "text": "Decisions use shared data.",
            "image_alt": alt,
            **data,
        },
        {"image": image} if image is not None else {},
    )


# --- validation ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt,extension", [("PNG", ".png"), ("JPEG", ".jpg"), ("WEBP", ".webp")])
def test_a_real_small_image_passes_and_is_named_after_its_format(fmt, extension):
    form = form_with(upload(image_bytes(fmt), name="whatever.bin", content_type="text/plain"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["image"].name == f"finding{extension}"


def test_a_text_file_renamed_png_is_refused():
    form = form_with(upload(b"just some notes, not a picture\n" * 20))
    assert not form.is_valid()
    assert "not a PNG, JPEG or WebP image" in form.errors["image"][0]


def test_an_image_of_another_format_is_refused():
    form = form_with(upload(image_bytes("GIF"), name="anim.gif", content_type="image/gif"))
    assert not form.is_valid()
    assert "not a PNG, JPEG or WebP image" in form.errors["image"][0]


def test_a_file_over_5_mb_is_refused():
    big = image_bytes() + b"\0" * (5 * 1024 * 1024)
    form = form_with(upload(big))
    assert not form.is_valid()
    assert "larger than 5 MB" in form.errors["image"][0]


def test_a_pixel_bomb_header_is_refused_before_decoding():
    form = form_with(upload(pixel_bomb()))
    assert not form.is_valid()
    assert "too large" in form.errors["image"][0]


def test_an_image_over_6000_pixels_wide_is_refused():
    form = form_with(upload(image_bytes(size=(6001, 2))))
    assert not form.is_valid()
    assert "6000 × 6000" in form.errors["image"][0]


def test_a_truncated_png_is_refused():
    form = form_with(upload(image_bytes(size=(200, 200))[:-30]))
    assert not form.is_valid()
    assert "image" in form.errors


def test_an_image_needs_a_description():
    form = form_with(upload(image_bytes()), alt="  ")
    assert not form.is_valid()
    assert "Describe the image" in form.errors["image_alt"][0]


def test_without_an_image_no_description_is_needed():
    assert form_with(None, alt="").is_valid()


# --- upload over HTTP ---------------------------------------------------------------


def add_url(workshop):
    return reverse("vision:finding_add", args=[workshop.pk])


def test_an_upload_is_stored_under_a_new_name_and_shown(facilitator_client, workshop, settings):
    response = facilitator_client.post(
        add_url(workshop),
        {
            "title": "Data-driven PMOs",
            "text": "Decisions use shared data.",
            "image": upload(image_bytes(), name="../../evil name.png"),
            "image_alt": "A rising bar chart",
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get(workshop=workshop)
    assert finding.image.name.startswith(f"findings/{workshop.pk}/")
    assert finding.image.name.endswith(".png") and "evil" not in finding.image.name
    assert (settings.MEDIA_ROOT / finding.image.name).exists()


def test_a_failed_upload_saves_nothing_and_says_why_beside_the_field(
    facilitator_client, workshop, settings
):
    response = facilitator_client.post(
        add_url(workshop),
        {
            "title": "Data-driven PMOs",
            "text": "Decisions use shared data.",
            "image": upload(b"not an image", name="chart.png"),
            "image_alt": "",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert any("not a PNG, JPEG or WebP" in e for e in errors_beside(html, "id_image"))
    assert any("Describe the image" in e for e in errors_beside(html, "id_image_alt"))
    assert 'value="Data-driven PMOs"' in html  # what was typed stays in the form
    assert not Finding.objects.filter(workshop=workshop).exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_replacing_an_image_removes_the_old_file(
    workshop, settings, django_capture_on_commit_callbacks
):
    form = form_with(upload(image_bytes()))
    assert form.is_valid()
    finding = briefing.add_finding(
        workshop, title="T", text="X", image=form.cleaned_data["image"], image_alt="Chart"
    )
    old = settings.MEDIA_ROOT / finding.image.name
    again = form_with(upload(image_bytes("JPEG")))
    assert again.is_valid()
    with django_capture_on_commit_callbacks(execute=True):
        finding = briefing.update_finding(
            finding, title="T", text="X", image=again.cleaned_data["image"], image_alt="Chart"
        )
    assert finding.image.name.endswith(".jpg")
    assert not old.exists()


# --- serving ------------------------------------------------------------------------


@pytest.fixture
def pictured(workshop):
    form = form_with(upload(image_bytes()))
    assert form.is_valid()
    return briefing.add_finding(
        workshop, title="Pictured", text="X", image=form.cleaned_data["image"], image_alt="Chart"
    )


def image_url(finding):
    return reverse("vision:finding_image", args=[finding.workshop_id, finding.pk])


def test_the_facilitator_gets_the_image_with_safe_headers(facilitator_client, pictured):
    response = facilitator_client.get(image_url(pictured))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == pictured.image.open("rb").read()


def test_an_attendee_sees_the_image_only_once_revealed(client, pictured, anna, workshop):
    attendee_client_for(client, anna)
    assert client.get(image_url(pictured)).status_code == 404
    briefing.show(workshop, pictured)
    assert client.get(image_url(pictured)).status_code == 200
    briefing.reset(workshop)
    assert client.get(image_url(pictured)).status_code == 404


def test_an_attendee_of_another_workshop_gets_nothing(client, pictured):
    Finding.objects.filter(pk=pictured.pk).update(revealed_at=timezone.now())
    stranger = ParticipantFactory(team=TeamFactory())
    attendee_client_for(client, stranger)
    assert client.get(image_url(pictured)).status_code == 404


def test_an_anonymous_visitor_gets_nothing(client, pictured):
    Finding.objects.filter(pk=pictured.pk).update(revealed_at=timezone.now())
    assert client.get(image_url(pictured)).status_code == 404


def test_a_facilitator_of_another_workshop_gets_nothing(client, pictured, other_facilitator):
    Finding.objects.filter(pk=pictured.pk).update(revealed_at=timezone.now())
    client.force_login(other_facilitator)
    assert client.get(image_url(pictured)).status_code == 404


def test_the_image_is_not_reachable_under_another_workshops_url(facilitator_client, pictured):
    from ..factories import WorkshopFactory

    other = WorkshopFactory()
    url = reverse("vision:finding_image", args=[other.pk, pictured.pk])
    assert facilitator_client.get(url).status_code == 404


def test_a_finding_without_an_image_has_none_to_serve(facilitator_client, workshop):
    finding = FindingFactory(workshop=workshop)
    assert facilitator_client.get(image_url(finding)).status_code == 404


def test_media_is_not_served_publicly(client, pictured):
    assert client.get("/media/" + pictured.image.name).status_code == 404
