from django.urls import path

from . import views

app_name = "ads"
urlpatterns = [
    path("ads/seen/", views.seen, name="seen"),
    path("ads/<int:pk>/go/", views.go, name="go"),
    path("ads/<int:pk>/frame/", views.frame, name="frame"),
]
