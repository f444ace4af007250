from . import inline


class ContentSecurityPolicyMiddleware:
    """Send our Content-Security-Policy on reader pages; the admin and its editor keep their own.
    It allows the pages' inline stylesheet and scripts by their hashes (newsroom.inline)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"
        self.editor_prefix = "/ckeditor/"
        inline.policy()  # the stylesheet and scripts read once, at startup

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path_info
        if not path.startswith((self.admin_prefix, self.editor_prefix)):
            response.headers.setdefault("Content-Security-Policy", inline.policy())
        return response
