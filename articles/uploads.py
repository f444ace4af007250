"""The CKEditor image upload, with our own checks in front of django-ckeditor's view."""

import json

from ckeditor_uploader.forms import SearchForm
from ckeditor_uploader.views import get_files_browse_urls, upload
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .images import process_image
from .workflow import is_desk


@csrf_exempt  # as django-ckeditor's own view: CKEditor 4 posts without Django's token
def editor_upload(request):
    if request.method != "POST":
        return HttpResponse(status=405)
    func_num = request.GET.get("CKEditorFuncNum", "")
    if func_num and not (func_num.isascii() and func_num.isdigit()):
        # django-ckeditor writes this number into a <script> with HTML escaping only.
        return JsonResponse({"uploaded": 0, "error": {"message": "잘못된 요청입니다."}}, status=400)
    uploaded = request.FILES.get("upload")
    try:
        if uploaded is None:
            raise ValidationError("올릴 사진을 골라 주세요.")
        request.FILES["upload"] = process_image(uploaded)
    except ValidationError as error:
        return _refuse(request, error.messages[0])
    return upload(request)


def _refuse(request, message):
    func_num = request.GET.get("CKEditorFuncNum", "")
    if func_num.isdigit():
        script = (
            "<script>window.parent.CKEDITOR.tools.callFunction("
            f"{func_num}, '', {json.dumps(message)});</script>"
        )
        return HttpResponse(script)
    # CKEditor's paste/drop upload shows error.message only from a 200 answer.
    return JsonResponse({"uploaded": 0, "error": {"message": message}})


@never_cache
def editor_browse(request):
    """CKEditor's image browser: a reporter sees only their own uploads (uploads/<user id>/,
    see CKEDITOR_RESTRICT_BY_USER); the desk, who edits every article, sees them all."""
    files = get_files_browse_urls(None if is_desk(request.user) else request.user)
    form = SearchForm(request.POST or None)
    if form.is_valid():
        query = form.cleaned_data.get("q", "").lower()
        files = [f for f in files if query in f["visible_filename"].lower()]
    context = {"show_dirs": False, "dirs": [], "files": files, "form": form}
    return render(request, "ckeditor/browse.html", context)
