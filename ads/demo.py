"""House banners for the demo paper (seed_demo): our own notices, drawn with Pillow."""

from datetime import timedelta
from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from articles.images import process_image

from .models import Banner, Position

ADVERTISER = "영등포신문 (자사 광고)"
# position code, name, the lines drawn, alt text, background, ink, weight
BANNERS = [
    ("top", "구독 안내", ["영등포신문 구독하고", "우리 동네 소식 먼저 받기"],
     "영등포신문 구독 안내: 우리 동네 소식을 먼저 받아 보세요", (11, 78, 162), (255, 255, 255), 2),
    ("top", "안양천 가을 걷기", ["안양천 가을 걷기 대회", "11월 둘째 주 토요일"],
     "지역 행사 안양천 가을 걷기 대회, 11월 둘째 주 토요일", (24, 110, 96), (255, 255, 255), 1),
    ("wing", "기사 제보", ["기사", "제보를", "기다립니다", "", "동네의", "작은 소식도", "좋습니다"],
     "기사 제보를 기다립니다. 동네의 작은 소식도 좋습니다", (163, 32, 26), (255, 255, 255), 1),
    ("middle", "문화의 밤", ["영등포 문화의 밤", "12월 금요일마다", "문래예술공장"],
     "영등포 문화의 밤, 12월 금요일마다 문래예술공장", (60, 60, 88), (250, 236, 180), 1),
    ("bottom", "광고 문의", ["영등포신문 광고 문의", "02-000-0000"],
     "영등포신문 광고 문의 02-000-0000", (27, 29, 33), (255, 255, 255), 1),
    ("popup", "신년 구독", ["새해 구독 신청", "첫 석 달 무료", "", "영등포신문"],
     "새해 구독 신청하면 첫 석 달 무료, 영등포신문", (11, 78, 162), (255, 255, 255), 1),
]  # fmt: skip
FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf",
]


def _font(size: int):
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return None  # no Korean font here: the picture carries no words, its alt text does


def banner_picture(position: Position, lines, background, ink, name) -> ContentFile:
    width, height = position.width * 2, position.height * 2  # sharp on a phone's screen
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle([6, 6, width - 7, height - 7], outline=ink, width=3)
    longest = max(len(line) for line in lines)
    font = _font(int(min(height / (len(lines) + 1) * 0.7, width * 0.85 / longest)))
    if font is not None:
        step = height / (len(lines) + 1)
        for n, line in enumerate(lines, start=1):
            draw.text((width / 2, step * n), line, fill=ink, font=font, anchor="mm")
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=name)


def banners_seed_demo() -> int:
    """Make the house banners the demo lacks (live for a year); returns how many were made."""
    positions = {position.code: position for position in Position.objects.all()}
    now = timezone.now()
    made = 0
    for code, name, lines, alt, background, ink, weight in BANNERS:
        if Banner.objects.filter(advertiser=ADVERTISER, name=name).exists():
            continue
        position = positions[code]
        picture = process_image(banner_picture(position, lines, background, ink, f"{code}.png"))
        banner = Banner(
            position=position,
            advertiser=ADVERTISER,
            name=name,
            alt=alt,
            link="https://example.com/",
            starts_at=now - timedelta(days=1),
            ends_at=now + timedelta(days=365),
            weight=weight,
        )
        banner.image.save(picture.name, picture, save=False)
        banner.full_clean()
        banner.save()
        made += 1
    return made
