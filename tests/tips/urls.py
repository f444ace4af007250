"""The site's URLs plus /frame/, base.html with nothing of its own: what every reader page costs."""

from django.urls import path
from django.views.generic import TemplateView

from newsroom.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("frame/", TemplateView.as_view(template_name="base.html")), *site_urlpatterns]
