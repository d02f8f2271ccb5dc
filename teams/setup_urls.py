"""Facilitator set-up of Part 2: maturity framework, services catalogue, reference sets."""

urlpatterns = []
