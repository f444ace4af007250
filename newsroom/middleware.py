from . import stylesheet


class ContentSecurityPolicyMiddleware:
    """Send our Content-Security-Policy on reader pages; the admin and its editor keep their own.
    It allows the pages' inline stylesheet by its hash (newsroom.stylesheet)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"
        self.editor_prefix = "/ckeditor/"
        stylesheet.source()  # read and hashed once, at startup

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path_info
        if not path.startswith((self.admin_prefix, self.editor_prefix)):
            response.headers.setdefault("Content-Security-Policy", stylesheet.policy())
        return response
