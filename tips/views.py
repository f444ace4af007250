"""The reader's tip form (/report/) and the page after it (/report/sent/).

The form page carries a CSRF token, so the page cache neither stores nor gzips it (it is not
registered there). A form sent back for any reason keeps what the reader typed; files cannot be
put back in a browser's file input, so the page asks for them again.
"""

from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from . import limits
from .forms import TipForm
from .services import tip_submit

TEMPLATE = "tips/report.html"


def _csrf_refused(request) -> bool:
    """Django's own CSRF check, asked here so that a refused form keeps the reader's text."""
    check = CsrfViewMiddleware(lambda request: None)
    return check.process_view(request, None, (), {}) is not None


@csrf_exempt  # checked in the view, with Django's check (_csrf_refused)
@require_http_methods(["GET", "HEAD", "POST"])
def report(request):
    if request.method != "POST":
        return render(request, TEMPLATE, {"form": TipForm()})
    if _csrf_refused(request):
        context = {"form": TipForm.kept(request.POST), "problem": "csrf", **_lost(request)}
        return render(request, TEMPLATE, context, status=403)
    if request.POST.get(TipForm.TRAP):
        return redirect("tips:sent")  # a bot: answered as if stored, nothing is kept
    if limits.reached(request):
        return _too_many(request)
    form = TipForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form, **_lost(request)})
    if not limits.count(request):
        return _too_many(request)
    data = form.cleaned_data
    tip_submit(
        text=data["text"],
        name=data["name"],
        phone=data["phone"],
        email=data["email"],
        files=data["files"],
        absolute_url=request.build_absolute_uri,
    )
    return redirect("tips:sent")


def _lost(request) -> dict:
    return {"files_lost": bool(request.FILES)}


def _too_many(request):
    context = {"form": TipForm.kept(request.POST), "problem": "limit", **_lost(request)}
    response = render(request, TEMPLATE, context, status=429)
    response["Retry-After"] = str(limits.seconds_left())
    return response


@require_safe
def sent(request):
    return render(request, "tips/sent.html")
