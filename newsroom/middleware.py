from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Send our Content-Security-Policy on reader pages; the admin and its editor keep their own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"
        self.editor_prefix = "/ckeditor/"

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path_info
        if not path.startswith((self.admin_prefix, self.editor_prefix)):
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
