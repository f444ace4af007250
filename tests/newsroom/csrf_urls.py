"""A page with a form (a CSRF token) that reflects the query, for the page cache's gzip rule."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.utils.html import escape


def form(request):
    token = get_token(request)
    query = escape(request.GET.get("q", ""))
    html = (
        f"<!doctype html><title>제보</title><p>{query}</p>"
        f'<form method="post"><input name="csrfmiddlewaretoken" value="{token}"></form>'
    )
    return HttpResponse(html * 5)


urlpatterns = [path("form/", form, name="csrf-form")]
