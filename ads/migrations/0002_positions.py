"""The five places on reader pages that carry banners; the desk changes their sizes and pages."""

from django.db import migrations

POSITIONS = [
    # code, name, width, height, device, home, section, article, other, max shown
    ("top", "상단", 728, 90, "both", True, True, True, True, 1),
    ("wing", "사이드 날개", 120, 600, "pc", True, True, True, True, 1),
    ("middle", "기사 본문 중간", 300, 250, "both", False, False, True, False, 1),
    ("bottom", "하단", 728, 90, "both", True, True, True, True, 1),
    # Not on phones by default: a pop-up over a phone's whole screen is the intrusive
    # interstitial search engines rank down, and it would be the page's largest paint.
    ("popup", "팝업", 360, 360, "pc", True, False, False, False, 1),
]


def create(apps, schema_editor):
    Position = apps.get_model("ads", "Position")
    for code, name, width, height, device, home, section, article, other, shown in POSITIONS:
        Position.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "width": width,
                "height": height,
                "device": device,
                "on_home": home,
                "on_section": section,
                "on_article": article,
                "on_other": other,
                "max_shown": shown,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("ads", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
