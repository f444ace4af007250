"""What an article page tells search engines and messengers (canonical link, description,
Open Graph, Twitter card, JSON-LD NewsArticle) and the reader's share, print and type-size tools."""

import json
from urllib.parse import urlencode

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

from .newsroom import iso

register = template.Library()

LOGO = "img/logo.png"
# Inside <script>, `</script>` or `<!--` in a headline must not end or change the element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    """JSON for a <script type="application/ld+json"> element, escaped like `json_script`."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # no <, > or & is left unescaped


@register.inclusion_tag("includes/meta/article.html", takes_context=True)
def article_meta(context, article) -> dict:
    request, site = context["request"], context["site"]
    url = request.build_absolute_uri(article.get_absolute_url())
    logo = request.build_absolute_uri(static(LOGO))
    image = request.build_absolute_uri(article.photo.url) if article.photo else ""
    reporter = article.reporter
    author_url = request.build_absolute_uri(reporter.get_absolute_url())
    description = article.teaser()
    published, modified = iso(article.first_published_at), iso(article.modified_at)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title,
        "description": description,
        "image": [image or logo],
        "datePublished": published,
        "dateModified": modified,
        "articleSection": article.section.name,
        "inLanguage": "ko",
        "author": [
            {
                "@type": "Person",
                "name": reporter.name,
                "jobTitle": reporter.title,
                "url": author_url,
            }
        ],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": site.name,
            "url": request.build_absolute_uri("/"),
            "logo": {"@type": "ImageObject", "url": logo},
        },
    }
    return {
        "article": article,
        "site": site,
        "url": url,
        "image": image or logo,
        "image_alt": (article.photo_caption or article.title) if image else site.name,
        "large_image": bool(image),
        "description": description,
        "published": published,
        "modified": modified,
        "author_url": author_url,
        "json_ld": json_ld(data),
    }


@register.inclusion_tag("includes/meta/article_tools.html", takes_context=True)
def article_tools(context, article) -> dict:
    """Share links that work without any third-party script, and the print and type-size buttons."""
    url = context["request"].build_absolute_uri(article.get_absolute_url())
    return {
        "site_name": context["site"].name,
        "url": url,
        "title": article.title,
        "facebook": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        "x": "https://twitter.com/intent/tweet?" + urlencode({"text": article.title, "url": url}),
    }
