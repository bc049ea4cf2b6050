"""PDQ benchmark helper (used by scripts/bench-pdq.sh).

  bench-pdq.py make DIR COUNT [SOURCE_DIR]   writes COUNT ~1-megapixel JPEGs into DIR: crops and
                                             resizes of the photos under SOURCE_DIR when given,
                                             else synthetic photo-like scenes
  bench-pdq.py time DIR                      the reference on one thread: Pillow decode +
                                             C++ PDQ core (PyPI pdqhash), images/s
"""
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

SIZES = [(1280, 800), (1152, 864), (1024, 1024), (864, 1152), (1200, 834)]


def synthetic(rng: random.Random, size):
    w, h = size
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.zeros((h, w, 3), np.float32)
    for c in range(3):
        a, b, p = rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(0, 6.28)
        base[..., c] = 128 + 60 * np.sin(a * x / 90 + b * y / 70 + p) + rng.uniform(-40, 40)
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(rng.randint(15, 40)):
        x0, y0 = rng.randint(-100, w), rng.randint(-100, h)
        x1, y1 = x0 + rng.randint(20, 400), y0 + rng.randint(20, 400)
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)((x0, y0, x1, y1), fill=colour)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 2.5)))
    noise = np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, 6, (h, w, 3))
    arr = np.clip(np.asarray(img, np.float32) + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(arr)


def from_photo(rng: random.Random, photo: Image.Image, size):
    w, h = size
    pw, ph = photo.size
    scale = rng.uniform(0.5, 1.0)
    cw, ch = max(64, int(pw * scale)), max(64, int(ph * scale))
    x0, y0 = rng.randint(0, pw - cw), rng.randint(0, ph - ch)
    crop = photo.crop((x0, y0, x0 + cw, y0 + ch))
    if rng.random() < 0.5:
        crop = crop.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    return crop.resize((w, h), Image.Resampling.BICUBIC)


def make(out: Path, count: int, source: str | None):
    rng = random.Random(20240611)
    out.mkdir(parents=True, exist_ok=True)
    photos = []
    if source:
        for p in sorted(Path(source).rglob("*.jp*g")):
            im = Image.open(p).convert("RGB")
            if im.size[0] * im.size[1] >= 250_000:
                photos.append(im)
    for i in range(count):
        size = SIZES[i % len(SIZES)]
        img = from_photo(rng, rng.choice(photos), size) if photos else synthetic(rng, size)
        img.save(out / f"img{i:04d}.jpg", quality=rng.randint(75, 95))
    kind = f"crops of {len(photos)} photos" if photos else "synthetic scenes"
    print(f"made {count} JPEGs ({kind}) in {out}")


def time_reference(folder: Path):
    import pdqhash

    files = [p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()]
    import io

    start = time.perf_counter()
    for data in files:
        rgb = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
        pdqhash.compute(rgb)
    elapsed = time.perf_counter() - start
    print(
        f"reference (Pillow decode + C++ PDQ via PyPI pdqhash): {len(files)} images in "
        f"{elapsed:.2f} s = {len(files) / elapsed:.1f} images/s on one thread"
    )


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "make":
        make(Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else None)
    elif len(sys.argv) == 3 and sys.argv[1] == "time":
        time_reference(Path(sys.argv[2]))
    else:
        sys.exit(__doc__)
