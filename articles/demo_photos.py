"""Generated photos for demo articles: skylines in the section's colours, no real pictures.

They are the size of a reporter's upload (2000 px, a few hundred KB as JPEG: gradients, fine grain
and coarser texture, as a camera's photo has), so that what a page loads in the demo is what it
would load on a real paper. Made once and stored as uploads are (cleaned, with their smaller
copies); later runs, and a new database over the same media, use them again.
"""

import random
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from .images import process_image
from .photo_sizes import make_copies

PALETTES = [
    ((32, 78, 150), (238, 196, 120)),
    ((24, 110, 96), (220, 236, 200)),
    ((120, 52, 90), (250, 210, 180)),
    ((60, 60, 88), (180, 210, 240)),
    ((150, 70, 30), (250, 230, 170)),
]
SIZE = (2000, 1333)
COUNT = 12  # different photos: the home page shows eight at once
FOLDER = "photos/demo/"


def demo_photo(seed: int, name: str, size=SIZE) -> ContentFile:
    rng = random.Random(seed)
    top, bottom = PALETTES[seed % len(PALETTES)]
    width, height = size
    unit = width / 1200  # the drawing was laid out for 1200 px
    sky = Image.linear_gradient("L").resize(size)
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), sky)
    draw = ImageDraw.Draw(image)
    x = 0
    while x < width:
        w = int(rng.randint(40, 140) * unit)
        h = rng.randint(height // 6, height * 2 // 3)
        shade = tuple(max(0, c - rng.randint(60, 110)) for c in top)
        draw.rectangle([x, height - h, x + w, height], fill=shade)
        step_y, step_x, pane = int(24 * unit), int(18 * unit), int(8 * unit)
        for wy in range(height - h + step_y // 2, height - step_y // 2, step_y):
            for wx in range(x + pane, x + w - pane, step_x):
                if rng.random() < 0.35:
                    draw.rectangle([wx, wy, wx + pane, wy + pane * 4 // 3], fill=(250, 236, 180))
        x += w + int(rng.randint(0, 12) * unit)
    sun = rng.randint(width // 12, width - width // 12)
    radius = int(50 * unit)
    draw.ellipse([sun - radius, 2 * radius, sun + radius, 4 * radius], fill=(255, 244, 214))
    image = image.filter(ImageFilter.GaussianBlur(unit))
    # Grain at every scale, as a camera's photo has: fine noise, and a coarser texture.
    grain = ImageChops.add(
        Image.effect_noise(size, 3),
        Image.effect_noise((width // 8, height // 8), 10).resize(size, Image.Resampling.BICUBIC),
        scale=1.0,
        offset=-128,
    )
    image = Image.merge("RGB", [ImageChops.add(band, grain, 1.0, -128) for band in image.split()])
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return ContentFile(buffer.getvalue(), name=name)


def stored_demo_photos(count: int = COUNT) -> list[tuple[str, tuple[int, int]]]:
    """(name, (width, height)) of each demo photo in the media storage, made if missing."""
    photos = []
    for number in range(count):
        name = f"{FOLDER}demo-{number:02d}.jpg"
        # Stored already: any copy missing is made again.
        made = make_copies(name) if default_storage.exists(name) else None
        if made is None:  # not stored yet, or no longer readable
            default_storage.delete(name)
            clean = process_image(demo_photo(number, name))
            name = default_storage.save(name, clean)
            made = make_copies(name, clean.file.getvalue(), replace=True)
        photos.append((name, made[0]))
    return photos
