"""Packs are cached by content: an unchanged company is never rendered twice."""

from unittest import mock

import pytest

from strategy import pack
from strategy.models import Kpi, PackRender
from teams.models import Assessment

from ..factories import TeamFactory
from ..part2_factories import framework_for
from .pack_helpers import full_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(workshop):
    framework_for(workshop)
    return full_company(TeamFactory(workshop=workshop), "Cachebolaget AB")


def counting_html():
    return mock.patch.object(pack, "HTML", wraps=pack.HTML)


def test_a_second_render_of_an_unchanged_company_reuses_the_stored_pack(company):
    with counting_html() as html:
        first = pack.render_pack(company)
        second = pack.render_pack(company)
    assert html.call_count == 1
    assert second.pk == first.pk
    assert first.file.name == f"packs/{company.pk}/{first.content_hash}.pdf"
    assert first.pages >= 10 and first.seconds > 0
    with first.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"


def test_a_change_to_what_the_pack_shows_renders_it_anew(company):
    first = pack.render_pack(company)
    kpi = Kpi.objects.filter(company=company).first()
    kpi.target_value = "99"
    kpi.save()
    assert pack.content_hash(company) != first.content_hash
    with counting_html() as html:
        second = pack.render_pack(company)
    assert html.call_count == 1
    assert second.pk != first.pk
    assert PackRender.objects.filter(company=company).count() == 2


def test_the_hash_follows_the_baseline_the_vision_and_the_room_map(company):
    before = pack.content_hash(company)
    Assessment.objects.filter(baseline__company=company).update(evidence="New evidence")
    after_baseline = pack.content_hash(company)
    company.vision.statement = "Another vision"
    company.vision.save()
    after_vision = pack.content_hash(company)
    workshop = company.team.workshop
    workshop.map_version += 1
    workshop.save()
    after_map = pack.content_hash(company)
    assert len({before, after_baseline, after_vision, after_map}) == 4


def test_the_hash_is_stable_for_the_same_content(company):
    assert pack.content_hash(company) == pack.content_hash(company)


def test_the_template_version_is_part_of_the_hash(company, monkeypatch):
    before = pack.content_hash(company)
    monkeypatch.setattr(pack, "PACK_TEMPLATE_VERSION", "another layout")
    assert pack.content_hash(company) != before


def test_a_pack_whose_file_went_missing_is_rendered_again(company):
    first = pack.render_pack(company)
    first.file.storage.delete(first.file.name)
    with counting_html() as html:
        again = pack.render_pack(company)
    assert html.call_count == 1
    assert again.pk == first.pk
    assert again.file.storage.exists(again.file.name)


def test_only_the_latest_renders_of_a_company_are_kept(company):
    kpi = Kpi.objects.filter(company=company).first()
    names = []
    for value in range(pack.KEEP_RENDERS + 2):
        kpi.target_value = value
        kpi.save()
        names.append(pack.render_pack(company).file.name)
    kept = PackRender.objects.filter(company=company)
    assert kept.count() == pack.KEEP_RENDERS
    storage = kept.first().file.storage
    assert not storage.exists(names[0])
    assert storage.exists(names[-1])
