from django.urls import path

from . import consumers

websocket_urlpatterns = [
    path("ws/w/<int:pk>/teams/<int:team_id>/", consumers.TeamConsumer.as_asgi()),
    path("ws/w/<int:pk>/lobby/", consumers.LobbyConsumer.as_asgi()),
    path(
        "ws/w/<int:pk>/teams/<int:team_id>/companies/<int:company_id>/",
        consumers.CompanyConsumer.as_asgi(),
    ),
    path("ws/workshops/<int:pk>/projector/", consumers.ProjectorConsumer.as_asgi()),
    path("ws/workshops/<int:pk>/console/", consumers.ConsoleConsumer.as_asgi()),
    path("ws/workshops/<int:pk>/map/", consumers.MapConsumer.as_asgi()),
    path("ws/workshops/<int:pk>/pages/<slug:page>/", consumers.FacilitatorPageConsumer.as_asgi()),
]
