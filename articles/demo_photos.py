"""Generated photos for demo articles: soft skylines in the section's colours, no real pictures."""

import random
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFilter

PALETTES = [
    ((32, 78, 150), (238, 196, 120)),
    ((24, 110, 96), (220, 236, 200)),
    ((120, 52, 90), (250, 210, 180)),
    ((60, 60, 88), (180, 210, 240)),
    ((150, 70, 30), (250, 230, 170)),
]


def demo_photo(seed: int, name: str, size=(1200, 800)) -> ContentFile:
    rng = random.Random(seed)
    top, bottom = PALETTES[seed % len(PALETTES)]
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    x = 0
    while x < width:
        w = rng.randint(40, 140)
        h = rng.randint(height // 6, height * 2 // 3)
        shade = tuple(max(0, c - rng.randint(60, 110)) for c in top)
        draw.rectangle([x, height - h, x + w, height], fill=shade)
        for wy in range(height - h + 12, height - 12, 24):
            for wx in range(x + 8, x + w - 8, 18):
                if rng.random() < 0.35:
                    draw.rectangle([wx, wy, wx + 7, wy + 10], fill=(250, 236, 180))
        x += w + rng.randint(0, 12)
    sun = rng.randint(100, width - 100)
    draw.ellipse([sun - 50, 80, sun + 50, 180], fill=(255, 244, 214))
    image = image.filter(ImageFilter.GaussianBlur(1))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=name)
