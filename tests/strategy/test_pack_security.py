"""User text in a pack is shown literally: never markup, never a template, never a
URL or file the renderer fetches."""

import socket
import threading
from unittest import mock

import pytest
from django.conf import settings

from strategy import pack
from strategy.models import Initiative
from teams.models import Assessment, Company

from ..factories import TeamFactory
from .pack_helpers import full_company
from .pdfs import flat, pdf_text


@pytest.fixture
def listener():
    """A local TCP port that counts connections: a fetch of user URLs would show here."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    hits = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits.append(conn)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join(timeout=2)
    server.close()


@pytest.mark.django_db
def test_hostile_text_is_shown_literally_and_nothing_is_fetched(workshop, listener):
    port, hits = listener
    hostile = [
        '<img src="http://127.0.0.1:1/x">',
        '<link href="file:///etc/passwd">',
        "{{ 7*7 }}",
        f'<img src="http://127.0.0.1:{port}/beacon">',
        '<style>@import url("file:///etc/passwd");</style>',
    ]
    payload = " ".join(hostile)
    company = full_company(TeamFactory(workshop=workshop), "Hostile AB")
    # The sector holds 80 characters (PostgreSQL enforces it): the first two strings.
    Company.objects.filter(pk=company.pk).update(sector=" ".join(hostile[:2]))
    Assessment.objects.filter(baseline__company=company).update(evidence=payload)
    Initiative.objects.filter(company=company).update(description=payload)
    Initiative.objects.filter(pk=Initiative.objects.filter(company=company).first().pk).update(
        title='<img src="file:///etc/passwd"> {{ 7*7 }}'
    )
    company.strategy.mission = payload
    company.strategy.save()

    asked = []
    real = pack.safe_url_fetcher

    def recording(url):
        asked.append(url)
        return real(url)

    with mock.patch.object(pack, "safe_url_fetcher", recording):
        rendered = pack.render_pdf(company)

    text = flat(pdf_text(rendered.pdf))
    # Long runs break at slashes in narrow columns: compare without white space.
    squeezed = "".join(text.split())
    for item in hostile:
        assert "".join(item.split()) in squeezed, item
    assert hostile[0] in text and hostile[2] in text
    assert "root:x:0:0" not in text
    assert hits == []
    # The renderer asked only for the pack's own stylesheet and fonts.
    static = (settings.BASE_DIR / "static").as_uri()
    assert asked and all(url.startswith(static) for url in asked), asked
    assert not any("passwd" in url or "127.0.0.1" in url for url in asked)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:1/x",
        "https://example.com/font.woff2",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "ftp://example.com/x",
        "data:text/css,body{}",
        (settings.BASE_DIR / "static" / "fonts" / ".." / ".." / "pyproject.toml").as_uri(),
        (settings.BASE_DIR / "static" / "css" / "app.css").as_uri(),
        (settings.BASE_DIR / "static" / "fonts" / "LICENSE").as_uri(),
        "file://evil.example/" + str(settings.BASE_DIR / "static" / "css" / "pack.css"),
    ],
)
def test_the_fetcher_refuses_everything_but_its_own_files(url):
    with pytest.raises(pack.RefusedURL):
        pack.safe_url_fetcher(url)


def test_the_fetcher_serves_the_pack_stylesheet_and_fonts():
    css = pack.safe_url_fetcher((settings.BASE_DIR / "static" / "css" / "pack.css").as_uri())
    assert css.content_type == "text/css"
    font = pack.safe_url_fetcher(
        (settings.BASE_DIR / "static" / "fonts" / "inter-latin-wght-normal.woff2").as_uri()
    )
    assert font.read(4) == b"wOF2"


@pytest.mark.django_db
def test_user_text_is_never_marked_safe_in_the_pack_html(workshop):
    company = full_company(TeamFactory(workshop=workshop), "Markup <b>AB</b>")
    html = pack.render_html(company)
    assert "Markup <b>AB</b>" not in html
    assert "Markup &lt;b&gt;AB&lt;/b&gt;" in html
