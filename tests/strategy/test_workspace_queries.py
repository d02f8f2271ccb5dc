"""The strategy page reads a fixed number of queries, however many initiatives."""

import pytest

from strategy import selectors, services
from workshop.editing import Author

from ..conftest import query_count
from .workspace_setup import dimensions, ready_company

pytestmark = pytest.mark.django_db


def test_the_strategy_page_queries_do_not_grow_with_initiatives(workshop, team_a, anna):
    company = ready_company(team_a, anna, levels=[2, 2, 1], targets=[4, 3, 3])
    author = Author(participant=anna)
    gaps = list(company.gaps.all())

    def count():
        return query_count(lambda: selectors.strategy_page(company))

    def add(n):
        for i in range(n):
            initiative = services.add_initiative(company, f"Initiative {i}", author)
            services.set_initiative_gap(initiative, gaps[i % 3].pk, True, author)
            services.add_kpi(company, f"KPI {i}", author, initiative_id=initiative.pk)

    assert dimensions(workshop)
    add(2)
    few = count()
    add(6)
    assert count() == few
