"""Saves wait in line: at most WEB_MAX_CONCURRENT_WRITES POSTs run at once per process,
page loads and downloads are never held up by them."""

import threading
import time

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from workshop.middleware import ConcurrencyLimitMiddleware


class Counting:
    """A view that takes a moment and notes how many ran at the same time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0

    def __call__(self, request):
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.3)
        with self.lock:
            self.running -= 1
        return HttpResponse("ok")


def run_at_once(middleware, requests):
    responses = []
    threads = [
        threading.Thread(target=lambda r=r: responses.append(middleware(r))) for r in requests
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    return responses


@pytest.mark.parametrize("limit", [1, 2])
def test_at_most_the_limit_of_saves_run_at_once_and_every_one_is_answered(settings, limit):
    settings.WEB_MAX_CONCURRENT_WRITES = limit
    view = Counting()
    responses = run_at_once(
        ConcurrencyLimitMiddleware(view), [RequestFactory().post("/save/") for _ in range(6)]
    )
    assert [r.status_code for r in responses] == [200] * 6
    assert view.most == limit


def test_page_loads_are_not_held_in_line(settings):
    settings.WEB_MAX_CONCURRENT_WRITES = 1
    view = Counting()
    run_at_once(ConcurrencyLimitMiddleware(view), [RequestFactory().get("/") for _ in range(4)])
    assert view.most == 4


def test_no_limit_by_default(settings):
    settings.WEB_MAX_CONCURRENT_WRITES = 0
    view = Counting()
    run_at_once(ConcurrencyLimitMiddleware(view), [RequestFactory().post("/") for _ in range(4)])
    assert view.most == 4
