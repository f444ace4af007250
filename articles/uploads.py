"""The CKEditor image upload and image browser: our own views, the only ones that take a file.

django-ckeditor's widget asks for the URL names `ckeditor_upload` and `ckeditor_browse`; the root
URLconf gives them these views and nothing of the library's. Every photo is re-encoded by
articles.images.process_image() and stored here, in uploads/<user id>/<date>/, so a reporter's
photos are theirs to browse and the desk sees everyone's, with its smaller copies beside it
(articles.photo_sizes), which the article's body lists in srcset when it is saved.
"""

import posixpath

from ckeditor_uploader.forms import SearchForm
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import escapejs
from django.utils.text import Truncator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .images import WRITTEN, process_image
from .photo_sizes import make_copies, original_of
from .workflow import is_desk


@csrf_exempt  # CKEditor 4 posts without Django's token; staff_member_required guards the URL
def editor_upload(request):
    if request.method != "POST":
        return HttpResponse(status=405)
    func_num = request.GET.get("CKEditorFuncNum", "")
    if func_num and not (func_num.isascii() and func_num.isdigit()):
        # It is written into a <script>: digits only.
        return JsonResponse({"uploaded": 0, "error": {"message": "잘못된 요청입니다."}}, status=400)
    uploaded = request.FILES.get("upload")
    try:
        if uploaded is None:
            raise ValidationError("올릴 사진을 골라 주세요.")
        clean = process_image(uploaded)
    except ValidationError as error:
        return _answer(func_num, message=error.messages[0])
    folder = posixpath.join(
        settings.CKEDITOR_UPLOAD_PATH,
        str(request.user.pk),
        timezone.localdate().strftime("%Y/%m/%d"),
    )
    name = default_storage.save(posixpath.join(folder, clean.name), clean)
    make_copies(name, clean.file.getvalue(), replace=True)
    return _answer(func_num, url=default_storage.url(name), name=posixpath.basename(name))


def _answer(func_num, *, url="", name="", message=""):
    """What CKEditor 4 expects: the file dialog gives a callback number and wants a script; a
    pasted or dropped photo (uploadimage) wants JSON, and shows an error only from a 200."""
    if func_num:
        arguments = f"{func_num}, '{escapejs(url)}'"
        if message:
            arguments += f", '{escapejs(message)}'"  # CKEditor shows it in an alert
        return HttpResponse(
            f"<script>window.parent.CKEDITOR.tools.callFunction({arguments});</script>"
        )
    if message:
        return JsonResponse({"uploaded": 0, "error": {"message": message}})
    return JsonResponse({"uploaded": "1", "fileName": name, "url": url})


@never_cache
def editor_browse(request):
    """CKEditor's image browser: a reporter sees only their own uploads (uploads/<user id>/);
    the desk, who edits every article, sees them all. Only the photo types we store are listed."""
    folder = settings.CKEDITOR_UPLOAD_PATH
    if not is_desk(request.user):
        folder = posixpath.join(folder, str(request.user.pk), "")
    files = [
        {
            "name": posixpath.basename(name),
            "src": default_storage.url(name),
            "thumb": default_storage.url(name),
            "is_image": True,
            "visible_filename": Truncator(posixpath.basename(name)).chars(20),
        }
        for name in sorted(_photos_under(folder), reverse=True)
    ]
    form = SearchForm(request.POST or None)
    if form.is_valid():
        query = form.cleaned_data.get("q", "").lower()
        files = [f for f in files if query in f["name"].lower()]
    context = {"show_dirs": False, "dirs": [], "files": files, "form": form}
    return render(request, "ckeditor/browse.html", context)


def _photos_under(folder):
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        stem, extension = posixpath.splitext(name)
        path = posixpath.join(folder, name)
        if extension[1:] in WRITTEN and not stem.endswith("_thumb") and not original_of(path):
            yield path
    for sub in folders:
        yield from _photos_under(posixpath.join(folder, sub, ""))
