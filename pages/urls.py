"""The paper's pages at the site's root (/개인정보처리방침/), the privacy policy's earlier
versions under it (/개인정보처리방침/2025-07-01/). Included last in the root URLconf, so a page
never shadows another route (and pages.addresses refuses an address one already uses)."""

from datetime import date

from django.urls import path, register_converter

from . import views


class AddressConverter:
    """A page's address: letters (Korean too), digits, - and _, as SlugField(allow_unicode)
    keeps them. No dot, so /favicon.ico and /wp-login.php are not taken for a page."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class DayConverter:
    """2025-07-01; an impossible day (2025-02-30) does not match, and is a 404."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value):
        return date.fromisoformat(value)

    def to_url(self, value):
        return value.isoformat()


register_converter(AddressConverter, "address")
register_converter(DayConverter, "day")

app_name = "pages"
urlpatterns = [
    path("<address:address>/", views.page, name="page"),
    path("<address:address>/<day:day>/", views.version, name="version"),
]
