"""The page the invite mail links to, under /admin/password-set/ (newsroom/urls.py puts it
before the admin's own URLs, which would take it for one of theirs)."""

from django.urls import path

from .admin.staff import PasswordSetView

app_name = "staff"

urlpatterns = [
    path("<uidb64>/<token>/", PasswordSetView.as_view(), name="password-set"),
]
