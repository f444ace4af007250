"""Reader search: read what was typed, find published articles, mark the words found.

Korean has no spaces inside words that a tokenizer could rely on, so a word matches as a
substring (`서울시` finds `서울시의회`): each word is an `icontains` on `Article.search_text`,
which a trigram index makes fast on PostgreSQL (migration 0004).
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Section
from .teasers import teaser

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
# The dates a search may be bounded by. Wider would overflow: year 1 in Seoul is year 0 in UTC,
# and 9999-12-31 has no next day to end the range at.
DATE_BOUNDS = [
    MinValueValidator(datetime.date(1900, 1, 1)),
    MaxValueValidator(datetime.date(2999, 12, 31)),
]
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


@dataclass(frozen=True)
class SearchQuery:
    text: str  # what the reader typed, tidied and cut to MAX_QUERY_LENGTH
    terms: tuple[str, ...]  # the words searched for, every one must match
    truncated: bool = False

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(raw: str | None) -> SearchQuery:
    """Words to search for: split on spaces, trimmed of punctuation at their ends, no repeats."""
    text = "".join(ch for ch in raw or "" if not unicodedata.category(ch).startswith("C"))
    text = " ".join(text.split())
    truncated = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH].strip()
    terms: list[str] = []
    for word in text.split():
        term = _EDGES.sub("", word)
        if term and term.casefold() not in {t.casefold() for t in terms}:
            terms.append(term)
    return SearchQuery(text=text, terms=tuple(terms[:MAX_TERMS]), truncated=truncated)


class SearchForm(forms.Form):
    """The optional filters next to the query: a section and a range of publication dates."""

    q = forms.CharField(label="검색어", required=False, strip=False)
    section = forms.ModelChoiceField(
        label="섹션",
        queryset=Section.objects.filter(active=True),
        to_field_name="slug",
        required=False,
        empty_label="전체 섹션",
    )
    start = forms.DateField(label="시작일", required=False, validators=DATE_BOUNDS)
    end = forms.DateField(label="종료일", required=False, validators=DATE_BOUNDS)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError("시작일이 종료일보다 늦습니다.")
        return data

    def filters(self) -> dict:
        """The filters that were given and valid; invalid ones are shown as errors and ignored."""
        self.is_valid()
        data = self.cleaned_data
        if self.non_field_errors():  # a reversed date range: search all dates
            data = {**data, "start": None, "end": None}
        return {key: data.get(key) for key in ("section", "start", "end")}


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def search_filter(queryset, query: SearchQuery, *, section=None, start=None, end=None):
    """Narrow an article queryset (readers' queryset: `published()`) to the query's matches."""
    if not query:
        return queryset.none()
    for term in query.terms:
        queryset = queryset.filter(search_text__icontains=term)
    if section is not None:
        queryset = queryset.filter(section=section)
    if start is not None:  # dates are Seoul dates; a range bound by datetimes keeps the index
        queryset = queryset.filter(publish_at__gte=_day_start(start))
    if end is not None:
        queryset = queryset.filter(publish_at__lt=_day_start(end + datetime.timedelta(days=1)))
    return queryset


def _pattern(terms) -> re.Pattern | None:
    if not terms:
        return None
    ordered = sorted(terms, key=len, reverse=True)  # the longest match wins at one position
    return re.compile("|".join(re.escape(term) for term in ordered), re.IGNORECASE)


def highlight(text: str, terms) -> SafeString:
    """`text` escaped for HTML, with every occurrence of a term wrapped in <mark>."""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # every piece above is escaped


def excerpt(text: str, terms, length: int) -> str:
    """About `length` characters of `text`: its beginning when a term appears there, otherwise
    a window around the first term found, cut on spaces and marked with '…' where cut."""
    text = " ".join(text.split())
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    if match is None or match.end() <= length:
        return teaser(text, length, is_html=False)
    start = max(0, match.start() - length // 3)
    space = text.find(" ", start, match.start())
    if space != -1:
        start = space + 1
    window = text[start:]
    if len(window) > length:
        cut = window[: length + 1]
        space = cut.rfind(" ", match.end() - start)
        window = (cut[:space] if space != -1 else window[:length]) + "…"
    return "…" + window


def result_snippet(article, terms, length: int | None = None) -> SafeString:
    """The teaser of one search result, from the summary if it holds a term, else the body."""
    length = length or settings.TEASER_LENGTH
    pattern = _pattern(terms)
    if article.summary and pattern and pattern.search(article.summary):
        source = article.summary
    else:
        source = article.plain_text
    return highlight(excerpt(source, terms, length), terms)
