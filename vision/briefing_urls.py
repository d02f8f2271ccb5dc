"""The Vision 2030 briefing: findings, their images, and revealing them."""

urlpatterns = []
