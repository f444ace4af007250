"""광고 보고서: one advertiser's banners, day by day over a period, as CSV for Excel.

A row for every day a banner was scheduled within the period (zeros included: proof that it ran
and what it got), then a total. UTF-8 with a BOM, so Excel opens the Korean as it is.
"""

import csv
from datetime import date, datetime, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from .models import Banner, DailyStat

HEADER = ["광고주", "광고 이름", "위치", "날짜", "노출", "클릭", "클릭률(%)"]
LONGEST = 366  # days in one report


class ReportForm(forms.Form):
    advertiser = forms.ChoiceField(label="광고주")
    start = forms.DateField(label="시작일", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="종료일", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = Banner.objects.order_by("advertiser").values_list("advertiser", flat=True)
        self.fields["advertiser"].choices = [(name, name) for name in dict.fromkeys(names)]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError("종료일은 시작일과 같거나 뒤여야 합니다.")
            if (end - start).days >= LONGEST:
                raise forms.ValidationError(f"한 번에 {LONGEST}일까지 내려받을 수 있습니다.")
        return data


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def rows(advertiser: str, start: date, end: date):
    """(banner, day, impressions, clicks) for each day each banner ran within start..end."""
    banners = (
        Banner.objects.filter(advertiser=advertiser)
        .select_related("position")
        .order_by("position", "starts_at", "pk")
    )
    stats = DailyStat.objects.filter(
        banner__advertiser=advertiser, day__gte=start, day__lte=end
    ).values_list("banner_id", "day", "impressions", "clicks")
    counted = {(pk, day): (seen, clicks) for pk, day, seen, clicks in stats}
    for banner in banners:
        first = max(start, _local_day(banner.starts_at))
        last = min(end, _local_day(banner.ends_at - timedelta(microseconds=1)))
        days = {first + timedelta(days=n) for n in range((last - first).days + 1)}
        days |= {day for pk, day in counted if pk == banner.pk}  # counted after a change of dates
        for day in sorted(days):
            yield (banner, day, *counted.get((banner.pk, day), (0, 0)))


def cell(text: str) -> str:
    """Text as Excel shows it, never as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def ctr(impressions: int, clicks: int) -> str:
    return f"{clicks / impressions * 100:.2f}" if impressions else "0.00"


def csv_response(advertiser: str, start: date, end: date) -> HttpResponse:
    filename = f"광고보고서_{advertiser}_{start:%Y%m%d}-{end:%Y%m%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(HEADER)
    total_seen = total_clicks = 0
    for banner, day, seen, clicks in rows(advertiser, start, end):
        writer.writerow(
            [cell(advertiser), cell(banner.name), banner.position.name, day.isoformat(), seen,
             clicks, ctr(seen, clicks)]
        )  # fmt: skip
        total_seen += seen
        total_clicks += clicks
    writer.writerow(
        [cell(advertiser), "합계", "", f"{start.isoformat()}~{end.isoformat()}", total_seen,
         total_clicks, ctr(total_seen, total_clicks)]
    )  # fmt: skip
    return response


def report_view(request, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    today = timezone.localdate()
    form = ReportForm(request.GET or None, initial={"start": today.replace(day=1), "end": today})
    if form.is_valid():
        data = form.cleaned_data
        return csv_response(data["advertiser"], data["start"], data["end"])
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "광고 보고서 내려받기",
        "form": form,
    }
    return TemplateResponse(request, "admin/ads/banner/report.html", context)
