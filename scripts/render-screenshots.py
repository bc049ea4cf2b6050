#!/usr/bin/env python3
"""Render text messages as phone chat screenshots, for testing and evaluating OCR input.

Cảnh Giác reads scam and extortion messages; people often hand them over as screenshots of
Zalo or Messenger. This script turns a JSONL file of known messages (`{"id", "text"}` per
line) into images that look like such screenshots, so that the OCR path can be tested and its
effect on detection measured against the original text.

Each image has a status bar (clock, signal, Wi-Fi, battery with percentage), a conversation
header (back arrow, round avatar, made-up contact name, "active" line, call/video icons), the
message in a rounded bubble wrapped by measured pixel width (the message's own line breaks are
kept; a word is cut only when it alone is wider than the bubble), a time stamp under the bubble
and an input bar at the bottom. Long messages make a taller image; nothing is truncated. The
text is drawn exactly as given after Unicode NFC normalisation (tabs become four spaces,
CR/LF become line breaks); characters the font lacks (some emoji) are left out, or drawn as a
round emoji-like blob with `--missing blob`.

Variants (theme x size x format):
  themes   light  white background, dark text, light-grey incoming bubble on the left
           dark   near-black background, light text, dark-grey incoming bubble on the left
           blue   light background, blue outgoing bubble with white text on the right
                  (not rendered unless asked for with --themes)
  sizes    small  720 px wide, 15 px font (a screenshot scaled down)
           large  1080 px wide, 30 px font
           WxF    any other width and font size in pixels, e.g. 1080x42
  formats  png    lossless
           jpeg   re-compressed at --jpeg-quality (70) --jpeg-passes times (2), like a
                  screenshot forwarded through a chat app

With `--variants cycle` (the default) each message gets one variant: the k-th record of the
input (0-based, blank lines not counted, skipped records counted) gets combination k mod C, in
an order that keeps every dimension balanced over short runs too, so N messages cover every
variant about equally. With `--variants all` each message is rendered in every combination.

Output: DIR/<id>-<theme>-<size>.<png|jpg> (an id with characters other than letters, digits,
'.', '_' and '-' gets them replaced and a short hash added) and DIR/manifest.jsonl, rewritten on
every run, with one line per image: {"id", "image" (relative to DIR), "theme", "size",
"format"}; the id is copied as it appears in the input (string or number).

Records with empty text, or only characters the font lacks, are skipped with a warning on
standard error; so are lines that are not JSON objects, which also make the exit status 1.

Everything is deterministic: contact name, clock, battery level, colours and time stamps are
drawn from a random generator seeded by the message id (and --seed), and the drawing itself has
no randomness, so the same input and options give byte-identical images with the same Pillow
and font.

Requires Pillow (scripts/requirements-ocr.txt) and a TrueType font covering Vietnamese; the
default is Debian's DejaVu Sans (package fonts-dejavu-core).
"""
import argparse
import hashlib
import io
import json
import os
import random
import re
import sys
import unicodedata
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFont

PROG = "render-screenshots"
DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SIZES = {"small": (720, 15), "large": (1080, 30)}
THEME_NAMES = ("light", "dark", "blue")
FORMATS = ("png", "jpeg")
SS = 4  # supersampling factor for shapes (Pillow draws shapes without anti-aliasing)
PLACEHOLDER = "\ufdd0"  # a noncharacter standing for a missing-glyph cluster in --missing blob
NO_BREAK_SPACES = "\u00a0\u2007\u202f"
SPACE_RUN = re.compile(r"([^\S\n" + NO_BREAK_SPACES + r"]+)")


def warn(msg):
    print(f"{PROG}: {msg}", file=sys.stderr)


# ---------------------------------------------------------------- themes


@dataclass(frozen=True)
class Theme:
    bg: tuple
    bar_bg: tuple  # status bar and header
    fg: tuple  # status bar text and icons
    name: tuple
    sub: tuple
    divider: tuple
    bubble: tuple  # None: use the accent colour
    text: tuple
    stamp: tuple
    field: tuple
    placeholder: tuple
    outgoing: bool


THEMES = {
    "light": Theme(bg=(255, 255, 255), bar_bg=(255, 255, 255), fg=(10, 10, 10),
                   name=(5, 5, 5), sub=(101, 103, 107), divider=(226, 228, 232),
                   bubble=(234, 234, 236), text=(8, 8, 8), stamp=(138, 141, 145),
                   field=(240, 242, 245), placeholder=(120, 122, 126), outgoing=False),
    "dark": Theme(bg=(12, 12, 14), bar_bg=(20, 20, 22), fg=(240, 240, 240),
                  name=(236, 238, 242), sub=(160, 163, 168), divider=(44, 45, 48),
                  bubble=(48, 48, 52), text=(232, 234, 238), stamp=(140, 143, 148),
                  field=(40, 41, 44), placeholder=(150, 152, 156), outgoing=False),
    "blue": Theme(bg=(255, 255, 255), bar_bg=(250, 251, 252), fg=(10, 10, 10),
                  name=(5, 5, 5), sub=(101, 103, 107), divider=(226, 228, 232),
                  bubble=None, text=(255, 255, 255), stamp=(138, 141, 145),
                  field=(240, 242, 245), placeholder=(120, 122, 126), outgoing=True),
}

ACCENTS = [(0, 132, 255), (0, 104, 255), (22, 119, 242)]
AVATAR_COLOURS = [(108, 142, 191), (96, 165, 132), (205, 120, 90), (150, 110, 180),
                  (200, 160, 70), (90, 150, 175), (170, 95, 120), (120, 130, 140)]

NAMES_VI = ["Thám tử Minh", "Chị Hoa", "Anh Tuấn Giao Hàng", "Nguyễn Văn Hùng",
            "Trần Thị Mai", "Cán bộ Đức Anh", "Hỗ trợ khách hàng", "Lan Phương", "Bảo Ngọc",
            "Minh Khang", "Phòng CSKH", "Lê Quốc Việt", "Phạm Thu Trang", "Đỗ Hải Yến",
            "Luật sư Bình", "Em Thảo", "Chú Sáu", "Vũ Đình Lộc"]
NAMES_EN = ["Detective Mark", "Emma Wilson", "Support Team", "Daniel", "Sophie Tran",
            "Officer Reed", "Kelly Nguyen", "James Carter", "Anna", "Customer Care",
            "Michael Brown", "Lisa Park"]
SUB_VI = ["Đang hoạt động", "Vừa mới truy cập", "Truy cập {m} phút trước"]
SUB_EN = ["Active now", "Active {m}m ago"]
PLACEHOLDER_VI = ["Tin nhắn", "Nhắn tin"]
PLACEHOLDER_EN = ["Aa", "Message"]
VI_LETTERS = re.compile("[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]")


@dataclass(frozen=True)
class Chrome:
    """The per-message random parts of the picture, drawn from the id."""
    name: str
    subtitle: str
    clock: str
    stamp: str
    battery: int
    signal: int
    wifi: bool
    accent: tuple
    avatar: tuple
    placeholder: str


def make_chrome(msg_id, text, seed, phone_names):
    digest = hashlib.sha256(f"{seed}\0{json.dumps(msg_id, ensure_ascii=False)}".encode()).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    vi = bool(VI_LETTERS.search(text.lower()))
    if phone_names and rng.random() < 0.2:
        prefix = rng.choice(["090", "091", "093", "097", "098", "086", "088", "070", "079", "083"])
        digits = prefix + "".join(str(rng.randrange(10)) for _ in range(7))
        name = f"{digits[:4]} {digits[4:7]} {digits[7:]}" if rng.random() < 0.6 \
            else f"+84 {digits[1:3]} {digits[3:6]} {digits[6:]}"
    else:
        name = rng.choice(NAMES_VI if vi or rng.random() < 0.15 else NAMES_EN)
    sub = rng.choice(SUB_VI if vi else SUB_EN).format(m=rng.randrange(2, 58))
    hour, minute = rng.randrange(6, 23), rng.randrange(60)
    back = rng.randrange(0, 40)
    sh, sm = divmod(hour * 60 + minute - back, 60)
    return Chrome(name=name, subtitle=sub, clock=f"{hour}:{minute:02d}",
                  stamp=f"{sh:02d}:{sm:02d}", battery=rng.randrange(8, 101),
                  signal=rng.randrange(2, 5), wifi=rng.random() < 0.7,
                  accent=rng.choice(ACCENTS), avatar=rng.choice(AVATAR_COLOURS),
                  placeholder=rng.choice(PLACEHOLDER_VI if vi else PLACEHOLDER_EN))


# ---------------------------------------------------------------- fonts and text


class Fonts:
    """Fonts at the sizes one picture needs, and which characters the font lacks."""

    _cache = {}

    def __init__(self, regular, bold):
        self.regular_path, self.bold_path = regular, bold
        self._missing = {}
        probe = self.get(regular, 32)
        self._notdef = self._glyph_signature(probe, "\U0010fffd")
        self._probe = probe

    @classmethod
    def get(cls, path, size):
        key = (path, size)
        if key not in cls._cache:
            cls._cache[key] = ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)
        return cls._cache[key]

    def regular(self, size):
        return self.get(self.regular_path, max(1, int(round(size))))

    def bold(self, size):
        return self.get(self.bold_path, max(1, int(round(size))))

    @staticmethod
    def _glyph_signature(font, ch):
        box = font.getbbox(ch, anchor="ls")
        w, h = max(1, box[2] - box[0]), max(1, box[3] - box[1])
        im = Image.new("L", (w, h))
        ImageDraw.Draw(im).text((-box[0], -box[1]), ch, font=font, fill=255, anchor="ls")
        return box, font.getlength(ch), im.tobytes()

    def missing(self, ch):
        """True if the font has no glyph for ch (FreeType would draw the .notdef box)."""
        if ch not in self._missing:
            self._missing[ch] = self._glyph_signature(self._probe, ch) == self._notdef
        return self._missing[ch]


def is_cluster_extender(ch):
    cp = ord(ch)
    return (ch in "\u200d\ufe0e\ufe0f\u20e3" or 0x1F3FB <= cp <= 0x1F3FF
            or 0xE0020 <= cp <= 0xE007F)


def prepare_text(text, fonts, missing_mode):
    """NFC text with uniform line breaks; characters the font lacks dropped or replaced by one
    PLACEHOLDER per emoji-like cluster. Returns (display text, set of missing characters)."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub("[\u2028\u2029\v\f\x85]", "\n", text).replace("\t", "    ")
    out, lost = [], set()
    joining = False  # inside a missing cluster that may continue (after ZWJ etc.)
    ri_open = False  # a regional indicator placeholder waiting for its pair
    for ch in text:
        if ch == "\n":
            out.append(ch)
            joining = ri_open = False
            continue
        in_cluster = bool(out) and out[-1] == PLACEHOLDER
        if is_cluster_extender(ch) and in_cluster:
            if fonts.missing(ch):
                lost.add(ch)
            joining = ch == "\u200d"
            continue
        if not fonts.missing(ch):
            out.append(ch)
            joining = ri_open = False
            continue
        lost.add(ch)
        if missing_mode == "skip":
            continue
        is_ri = 0x1F1E6 <= ord(ch) <= 0x1F1FF
        if in_cluster and (joining or (is_ri and ri_open)):
            ri_open = False
        else:
            out.append(PLACEHOLDER)
            ri_open = is_ri
        joining = False
    return "".join(out), lost


class Measure:
    def __init__(self, font, blob_w):
        self.font, self.blob_w = font, blob_w

    def __call__(self, s):
        if PLACEHOLDER not in s:
            return self.font.getlength(s)
        parts = s.split(PLACEHOLDER)
        return sum(self.font.getlength(p) for p in parts) + self.blob_w * (len(parts) - 1)


def clusters(token):
    """Split a token into characters, keeping combining marks and joiners with their base."""
    out = []
    for ch in token:
        if out and (unicodedata.combining(ch) or is_cluster_extender(ch)):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def break_token(token, maxw, measure):
    lines, cur = [], ""
    for cl in clusters(token):
        if cur and measure(cur + cl) > maxw:
            lines.append(cur)
            cur = cl
        else:
            cur += cl
    lines.append(cur)
    return lines


def wrap(text, maxw, measure):
    """Greedy wrap by measured width; breaks only at spaces unless one word is too wide."""
    lines = []
    for para in text.split("\n"):
        cur = ""
        for tok in (t for t in SPACE_RUN.split(para) if t):
            if SPACE_RUN.fullmatch(tok):
                if measure(cur + tok) <= maxw:
                    cur += tok
                else:  # a wrap point: the space run is swallowed by the break
                    if cur:
                        lines.append(cur)
                    cur = ""
                continue
            if measure(cur + tok) <= maxw:
                cur += tok
                continue
            if cur.strip():
                lines.append(cur)
            cur = ""
            if measure(tok) <= maxw:
                cur = tok
            else:
                pieces = break_token(tok, maxw, measure)
                lines.extend(pieces[:-1])
                cur = pieces[-1]
        lines.append(cur)
    return [line.rstrip(" ") for line in lines]


# ---------------------------------------------------------------- drawing helpers


def paste_shape(img, box, fill, draw_fn):
    """Draw an anti-aliased single-colour shape: draw_fn(draw, scale) draws on a mask of the
    box's size at SS times the resolution, in box-local coordinates times scale."""
    x0, y0, x1, y1 = (int(v) for v in box)
    w, h = x1 - x0, y1 - y0
    if w <= 0 or h <= 0:
        return
    mask = Image.new("L", (w * SS, h * SS), 0)
    draw_fn(ImageDraw.Draw(mask), SS)
    mask = mask.reduce(SS)
    img.paste(Image.new("RGB", (w, h), fill), (x0, y0), mask)


def circle(img, cx, cy, r, fill):
    x0, y0 = int(cx - r) - 1, int(cy - r) - 1
    x1, y1 = int(cx + r) + 2, int(cy + r) + 2
    paste_shape(img, (x0, y0, x1, y1), fill,
                lambda d, s: d.ellipse([(cx - r - x0) * s, (cy - r - y0) * s,
                                        (cx + r - x0) * s, (cy + r - y0) * s], fill=255))


def rounded_rect(img, box, radius, fill):
    """A filled rounded rectangle of any height: straight parts drawn directly, the four
    corners anti-aliased."""
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    r = int(min(radius, (x1 - x0) // 2, (y1 - y0) // 2))
    draw = ImageDraw.Draw(img)
    if r <= 0:
        draw.rectangle([x0, y0, x1 - 1, y1 - 1], fill=fill)
        return
    if x1 - r - 1 >= x0 + r:
        draw.rectangle([x0 + r, y0, x1 - r - 1, y1 - 1], fill=fill)
    if y1 - r - 1 >= y0 + r:
        draw.rectangle([x0, y0 + r, x1 - 1, y1 - r - 1], fill=fill)
    for left in (True, False):
        for top in (True, False):
            cx, cy = (x0 if left else x1 - 2 * r), (y0 if top else y1 - 2 * r)
            # only the quarter facing the corner is needed; the rest is already filled
            qbox = (x0 if left else x1 - r, y0 if top else y1 - r,
                    x0 + r if left else x1, y0 + r if top else y1)
            paste_shape(img, qbox, fill,
                        lambda d, s, cx=cx, cy=cy, qb=qbox: d.ellipse(
                            [(cx - qb[0]) * s, (cy - qb[1]) * s,
                             (cx + 2 * r - qb[0]) * s, (cy + 2 * r - qb[1]) * s], fill=255))


def avatar(img, cx, cy, r, colour):
    """A round avatar with a simple head-and-shoulders silhouette (no letters)."""
    circle(img, cx, cy, r, colour)
    light = tuple(min(255, c + (255 - c) * 55 // 100) for c in colour)
    x0, y0 = int(cx - r) - 1, int(cy - r) - 1
    x1, y1 = int(cx + r) + 2, int(cy + r) + 2
    w, h = x1 - x0, y1 - y0
    lx, ly = cx - x0, cy - y0

    def silhouette(d, s):
        d.ellipse([(lx - 0.34 * r) * s, (ly - 0.62 * r) * s,
                   (lx + 0.34 * r) * s, (ly + 0.06 * r) * s], fill=255)
        d.ellipse([(lx - 0.72 * r) * s, (ly + 0.22 * r) * s,
                   (lx + 0.72 * r) * s, (ly + 1.5 * r) * s], fill=255)

    mask = Image.new("L", (w * SS, h * SS), 0)
    silhouette(ImageDraw.Draw(mask), SS)
    clip = Image.new("L", (w * SS, h * SS), 0)
    ImageDraw.Draw(clip).ellipse([(lx - r + 0.5) * SS, (ly - r + 0.5) * SS,
                                  (lx + r - 0.5) * SS, (ly + r - 0.5) * SS], fill=255)
    mask = ImageChops.multiply(mask, clip).reduce(SS)
    img.paste(Image.new("RGB", (w, h), light), (x0, y0), mask)


def icon(img, x, y, size, fill, draw_fn):
    """draw_fn(d, s, size) draws in a size x size box at scale s."""
    paste_shape(img, (x, y, x + size, y + size), fill, lambda d, s: draw_fn(d, s, size))


def draw_signal(d, s, n, bars):
    w = n / 5.2
    for i in range(4):
        bh = n * (0.35 + 0.65 * (i + 1) / 4)
        x = i * n / 4 + 0.02 * n
        d.rounded_rectangle([x * s, (n - bh) * s, (x + w) * s, n * s], radius=w * s / 3,
                            fill=255 if i < bars else 90)


def draw_wifi(d, s, n):
    cx, cy = n / 2, n * 0.92
    for k, r in enumerate((0.95, 0.68, 0.40)):
        rr = r * n * 0.62
        d.pieslice([(cx - rr * 1.25) * s, (cy - rr * 1.25) * s,
                    (cx + rr * 1.25) * s, (cy + rr * 1.25) * s], 225, 315, fill=255 if k % 2 == 0 else 0)
    rr = 0.13 * n
    d.pieslice([(cx - rr * 1.25) * s, (cy - rr * 1.25) * s,
                (cx + rr * 1.25) * s, (cy + rr * 1.25) * s], 225, 315, fill=255)


def draw_battery(d, s, w, h, level):
    t = max(1.0, h / 9)
    d.rounded_rectangle([0, 0, (w - h * 0.18) * s, h * s], radius=h * s / 4, outline=255,
                        width=max(1, int(t * s)))
    d.rounded_rectangle([(w - h * 0.14) * s, h * 0.32 * s, w * s, h * 0.68 * s],
                        radius=h * s / 10, fill=160)
    inner = (w - h * 0.18 - 4 * t) * level / 100
    if inner * s >= 2:
        d.rounded_rectangle([2 * t * s, 2 * t * s, (2 * t + inner) * s, (h - 2 * t) * s],
                            radius=min(h / 8, inner / 2.5) * s, fill=255)


def draw_chevron(d, s, n):
    w = max(2, n * 0.12)
    d.line([(n * 0.62 * s, n * 0.12 * s), (n * 0.22 * s, n * 0.5 * s),
            (n * 0.62 * s, n * 0.88 * s)], fill=255, width=int(w * s), joint="curve")
    for px, py in ((0.62, 0.12), (0.22, 0.5), (0.62, 0.88)):
        d.ellipse([(px * n - w / 2) * s, (py * n - w / 2) * s,
                   (px * n + w / 2) * s, (py * n + w / 2) * s], fill=255)


def draw_phone(d, s, n):
    """A handset: earpiece top left, mouthpiece bottom right, curving through the bottom left."""
    w = n * 0.2
    cx, cy, r = n * 0.98, n * 0.02, n * 0.78
    d.arc([(cx - r) * s, (cy - r) * s, (cx + r) * s, (cy + r) * s], 90, 180, fill=255,
          width=int(w * s))
    e = n * 0.17
    for bx, by in ((cx - r + w / 2, n * 0.13), (n * 0.87, cy + r - w / 2)):
        d.rounded_rectangle([(bx - e) * s, (by - e) * s, (bx + e) * s, (by + e) * s],
                            radius=e * 0.5 * s, fill=255)


def draw_video(d, s, n):
    d.rounded_rectangle([0, n * 0.22 * s, n * 0.66 * s, n * 0.78 * s], radius=n * 0.12 * s,
                        fill=255)
    d.polygon([(n * 0.7 * s, n * 0.5 * s), (n * s, n * 0.25 * s), (n * s, n * 0.75 * s)],
              fill=255)


def draw_plus_circle(d, s, n):
    d.ellipse([0, 0, n * s, n * s], fill=255)
    t = n * 0.1
    d.rectangle([(n / 2 - t) * s, n * 0.25 * s, (n / 2 + t) * s, n * 0.75 * s], fill=0)
    d.rectangle([n * 0.25 * s, (n / 2 - t) * s, n * 0.75 * s, (n / 2 + t) * s], fill=0)


def draw_camera(d, s, n):
    d.rounded_rectangle([0, n * 0.22 * s, n * s, n * 0.9 * s], radius=n * 0.16 * s, fill=255)
    d.rectangle([n * 0.32 * s, n * 0.1 * s, n * 0.68 * s, n * 0.3 * s], fill=255)
    d.ellipse([n * 0.3 * s, n * 0.36 * s, n * 0.7 * s, n * 0.76 * s], fill=0)
    d.ellipse([n * 0.39 * s, n * 0.45 * s, n * 0.61 * s, n * 0.67 * s], fill=255)


def draw_picture(d, s, n):
    d.rounded_rectangle([0, n * 0.1 * s, n * s, n * 0.9 * s], radius=n * 0.14 * s, fill=255)
    d.rounded_rectangle([n * 0.1 * s, n * 0.2 * s, n * 0.9 * s, n * 0.8 * s],
                        radius=n * 0.06 * s, fill=0)
    d.polygon([(n * 0.14 * s, n * 0.76 * s), (n * 0.4 * s, n * 0.42 * s),
               (n * 0.6 * s, n * 0.64 * s), (n * 0.7 * s, n * 0.52 * s),
               (n * 0.86 * s, n * 0.76 * s)], fill=255)
    d.ellipse([n * 0.62 * s, n * 0.26 * s, n * 0.76 * s, n * 0.4 * s], fill=255)


def draw_smiley_outline(d, s, n):
    t = max(1.5, n * 0.09)
    d.ellipse([0, 0, n * s, n * s], outline=255, width=int(t * s))
    d.ellipse([n * 0.3 * s, n * 0.3 * s, n * 0.42 * s, n * 0.44 * s], fill=255)
    d.ellipse([n * 0.58 * s, n * 0.3 * s, n * 0.7 * s, n * 0.44 * s], fill=255)
    d.arc([n * 0.26 * s, n * 0.3 * s, n * 0.74 * s, n * 0.76 * s], 25, 155, fill=255,
          width=int(t * s))


def draw_send(d, s, n):
    d.polygon([(n * 0.05 * s, n * 0.08 * s), (n * s, n * 0.5 * s), (n * 0.05 * s, n * 0.92 * s),
               (n * 0.18 * s, n * 0.5 * s)], fill=255)


def draw_blob(img, x, baseline, size):
    """An emoji-like yellow face standing in for a character the font lacks."""
    r = size * 0.5
    cx, cy = x + size * 0.6, baseline - size * 0.36
    circle(img, cx, cy, r, (255, 200, 61))
    n = int(2 * r) + 1
    icon(img, int(cx - r), int(cy - r), n, (120, 72, 20),
         lambda d, s, n: (d.ellipse([n * 0.28 * s, n * 0.28 * s, n * 0.4 * s, n * 0.46 * s], fill=255),
                          d.ellipse([n * 0.6 * s, n * 0.28 * s, n * 0.72 * s, n * 0.46 * s], fill=255),
                          d.arc([n * 0.24 * s, n * 0.28 * s, n * 0.76 * s, n * 0.78 * s], 20, 160,
                                fill=255, width=max(1, int(n * 0.08 * s)))))


def draw_line(img, draw, x, baseline, line, font, fill, blob_w, size):
    if PLACEHOLDER not in line:
        if line:
            draw.text((x, baseline), line, font=font, fill=fill, anchor="ls")
        return
    for i, part in enumerate(line.split(PLACEHOLDER)):
        if i:
            draw_blob(img, x, baseline, size)
            x += blob_w
        if part:
            draw.text((x, baseline), part, font=font, fill=fill, anchor="ls")
            x += font.getlength(part)


# ---------------------------------------------------------------- the picture


def render(text, theme, width, font_size, fonts, chrome, min_height, input_bar):
    u = font_size / 15  # UI unit: the proportions of a phone UI with 15 px message text
    U = lambda v: int(round(v * u))  # noqa: E731
    font = fonts.regular(font_size)
    bubble_fill = theme.bubble or chrome.accent
    blob_w = int(round(font_size * 1.2))
    measure = Measure(font, blob_w)

    # geometry of the message
    line_h = int(round(font_size * 1.42))
    base_off = int(round(font_size * 1.1))  # room for stacked Vietnamese marks on capitals
    pad_x, pad_y = U(12), U(7)
    small_avatar = U(28)
    side = U(10)
    if theme.outgoing:
        max_outer = min(int(width * 0.75), width - side - U(56))
    else:
        max_outer = min(int(width * 0.75), width - (side + small_avatar + U(8)) - U(48))
    lines = wrap(text, max_outer - 2 * pad_x, measure)
    text_w = max((measure(line) for line in lines), default=0)
    radius = U(18)
    bubble_w = max(int(text_w + 0.999) + 2 * pad_x, 2 * radius)
    bubble_h = len(lines) * line_h + 2 * pad_y

    status_h, header_h, input_h = U(26), U(58), U(54) if input_bar else 0
    stamp_font = fonts.regular(font_size * 0.75)
    stamp_h = U(4) + int(round(font_size * 0.75 * 1.3))
    content = status_h + header_h + U(16) + bubble_h + stamp_h + U(14) + input_h
    height = max(content, min_height)

    img = Image.new("RGB", (width, height), theme.bg)
    draw = ImageDraw.Draw(img)

    # status bar
    draw.rectangle([0, 0, width - 1, status_h + header_h - 1], fill=theme.bar_bg)
    sfont = fonts.bold(font_size * 0.9)
    mid = status_h / 2
    draw.text((U(18), int(mid)), chrome.clock, font=sfont, fill=theme.fg, anchor="lm")
    bw, bh = U(24), U(11)
    x = width - U(14) - bw
    paste_shape(img, (x, int(mid - bh / 2), x + bw, int(mid - bh / 2) + bh), theme.fg,
                lambda d, s: draw_battery(d, s, bw, bh, chrome.battery))
    pfont = fonts.regular(font_size * 0.8)
    pct = f"{chrome.battery}%"
    x -= U(4) + int(pfont.getlength(pct))
    draw.text((x, int(mid)), pct, font=pfont, fill=theme.fg, anchor="lm")
    n = U(13)
    if chrome.wifi:
        x -= U(6) + n
        icon(img, x, int(mid - n / 2), n, theme.fg, draw_wifi)
    x -= U(6) + n
    icon(img, x, int(mid - n / 2), n, theme.fg, lambda d, s, n: draw_signal(d, s, n, chrome.signal))

    # header
    hy = status_h
    hmid = hy + header_h / 2
    n = U(18)
    icon(img, U(8), int(hmid - n / 2), n, chrome.accent, draw_chevron)
    ar = U(18)
    acx = U(8) + n + U(6) + ar
    avatar(img, acx, hmid, ar, chrome.avatar)
    nx = int(acx + ar + U(10))
    nfont, subfont = fonts.bold(font_size * 1.07), fonts.regular(font_size * 0.8)
    draw.text((nx, int(hmid - U(2))), chrome.name, font=nfont, fill=theme.name, anchor="ls")
    draw.text((nx, int(hmid + U(3))), chrome.subtitle, font=subfont, fill=theme.sub, anchor="lt")
    if "Đang" in chrome.subtitle or "now" in chrome.subtitle:
        circle(img, acx + ar * 0.72, hmid + ar * 0.72, U(5.5), theme.bar_bg)
        circle(img, acx + ar * 0.72, hmid + ar * 0.72, U(4), (49, 204, 70))
    n = U(20)
    x = width - U(16) - n
    icon(img, x, int(hmid - n / 2), n, chrome.accent, draw_video)
    x -= U(22) + n
    icon(img, x, int(hmid - n / 2), n, chrome.accent, draw_phone)
    draw.rectangle([0, hy + header_h - max(1, U(0.7)), width - 1, hy + header_h - 1],
                   fill=theme.divider)

    # the message, anchored to the bottom of the chat area like the latest message
    by = height - input_h - U(14) - stamp_h - bubble_h
    if theme.outgoing:
        bx = width - side - bubble_w
    else:
        bx = side + small_avatar + U(8)
        avatar(img, side + small_avatar / 2, by + bubble_h - small_avatar / 2, small_avatar / 2,
               chrome.avatar)
    rounded_rect(img, (bx, by, bx + bubble_w, by + bubble_h), radius, bubble_fill)
    for i, line in enumerate(lines):
        draw_line(img, draw, bx + pad_x, by + pad_y + i * line_h + base_off, line, font,
                  theme.text, blob_w, font_size)
    sy = by + bubble_h + U(4)
    if theme.outgoing:
        draw.text((bx + bubble_w - U(4), sy), chrome.stamp, font=stamp_font, fill=theme.stamp,
                  anchor="rt")
    else:
        draw.text((bx + U(4), sy), chrome.stamp, font=stamp_font, fill=theme.stamp, anchor="lt")

    # input bar
    if input_bar:
        iy = height - input_h
        draw.rectangle([0, iy, width - 1, height - 1], fill=theme.bar_bg)
        imid = iy + input_h / 2
        n = U(22)
        x = U(12)
        for fn in (draw_plus_circle, draw_camera, draw_picture):
            icon(img, x, int(imid - n / 2), n, chrome.accent, fn)
            x += n + U(14)
        fx0, fx1 = x, width - U(14) - n - U(12)
        fh = U(36)
        rounded_rect(img, (fx0, int(imid - fh / 2), fx1, int(imid - fh / 2) + fh), fh // 2,
                     theme.field)
        draw.text((fx0 + U(14), int(imid)), chrome.placeholder, font=fonts.regular(font_size),
                  fill=theme.placeholder, anchor="lm")
        m = U(20)
        icon(img, fx1 - U(10) - m, int(imid - m / 2), m, chrome.accent, draw_smiley_outline)
        icon(img, width - U(14) - n, int(imid - n / 2), n, chrome.accent, draw_send)
    return img


def encode(img, fmt, quality, passes):
    buf = io.BytesIO()
    if fmt == "png":
        img.save(buf, format="PNG", compress_level=6)
        return buf.getvalue()
    data = None
    for _ in range(max(1, passes)):
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=quality)
        data = buf.getvalue()
        img = Image.open(io.BytesIO(data)).convert("RGB")
    return data


# ---------------------------------------------------------------- variants and I/O


def parse_list(value, allowed, what):
    items = [v.strip() for v in value.split(",") if v.strip()]
    if not items:
        raise argparse.ArgumentTypeError(f"empty {what} list")
    for v in items:
        if allowed is not None and v not in allowed:
            raise argparse.ArgumentTypeError(f"unknown {what} {v!r} (choose from {', '.join(allowed)})")
    if len(set(items)) != len(items):
        raise argparse.ArgumentTypeError(f"repeated {what} in {value!r}")
    return items


def parse_sizes(value):
    out = []
    for name in parse_list(value, None, "size"):
        if name in SIZES:
            out.append((name, *SIZES[name]))
            continue
        m = re.fullmatch(r"(\d+)x(\d+)", name)
        if not m or not (200 <= int(m[1]) <= 4000 and 6 <= int(m[2]) <= 200):
            raise argparse.ArgumentTypeError(
                f"size {name!r}: use small, large or WIDTHxFONT like 1080x42 "
                "(width 200-4000, font 6-200 px)")
        out.append((name, int(m[1]), int(m[2])))
    return out


def combinations(themes, sizes, formats):
    """All combinations, ordered so that each dimension is balanced over short runs: theme
    varies fastest, then size, and the format is shifted by the size so that the first
    len(themes)*len(sizes) entries already mix formats."""
    out = []
    nt, ns, nf = len(themes), len(sizes), len(formats)
    for k in range(nt * ns * nf):
        a, b, c = k % nt, (k // nt) % ns, k // (nt * ns)
        out.append((themes[a], sizes[b], formats[(c + b) % nf]))
    return out


def safe_stem(msg_id):
    raw = str(msg_id)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", raw).strip("._-")[:60]
    if stem != raw or not stem:
        stem = (stem + "-" if stem else "") + hashlib.sha1(raw.encode()).hexdigest()[:8]
    return stem


def read_records(stream):
    """Yields (record index, line number, id, text or None, problem or None)."""
    index = 0
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        k, index = index, index + 1
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield k, lineno, None, None, f"line {lineno}: invalid JSON ({e.msg})"
            continue
        if not isinstance(obj, dict):
            yield k, lineno, None, None, f"line {lineno}: not a JSON object"
            continue
        msg_id = obj.get("id")
        if msg_id is None:
            msg_id = f"line-{lineno}"
            warn(f"line {lineno}: no id, using {msg_id!r}")
        text = obj.get("text")
        if not isinstance(text, str):
            yield k, lineno, msg_id, None, None
            continue
        yield k, lineno, msg_id, text, None


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the description's layout and shows defaults that mean something."""

    def _get_help_string(self, action):
        text = action.help or ""
        if action.default not in (None, False, argparse.SUPPRESS) and "%(default)" not in text:
            text += " (default: %(default)s)"
        return text


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="render-screenshots.py",
        usage="%(prog)s INPUT --out DIR [options]",
        description=__doc__,
        epilog="examples:\n"
               "  scripts/render-screenshots.py messages.jsonl --out /tmp/shots\n"
               "  scripts/render-screenshots.py - --out /tmp/shots --variants all "
               "--themes light,dark,blue < messages.jsonl\n"
               "  scripts/render-screenshots.py messages.jsonl --out /tmp/shots --sizes large "
               "--formats png --min-height 0",
        formatter_class=HelpFormatter)
    ap.add_argument("input", help="JSONL file with one {\"id\": ..., \"text\": \"...\"} object per "
                    "line (other fields ignored; blank lines skipped), or - for standard input")
    ap.add_argument("--out", required=True, metavar="DIR",
                    help="output directory (created if needed); receives the images and "
                    "manifest.jsonl, one line {id, image, theme, size, format} per image")
    ap.add_argument("--variants", choices=["cycle", "all"], default="cycle",
                    help="cycle: one variant per message, the k-th record (0-based, blank lines "
                    "not counted) getting combination k mod C of themes x sizes x formats; "
                    "all: every combination for every message")
    ap.add_argument("--themes", type=lambda v: parse_list(v, THEME_NAMES, "theme"),
                    default="light,dark", help="comma-separated themes: light (white background, "
                    "light-grey incoming bubble), dark (near-black background, dark-grey bubble), "
                    "blue (light background, blue outgoing bubble with white text on the right)")
    ap.add_argument("--sizes", type=parse_sizes, default="small,large",
                    help="comma-separated sizes: small (720 px wide, 15 px font), large (1080 px "
                    "wide, 30 px font) or WIDTHxFONT in pixels, e.g. 1080x42")
    ap.add_argument("--formats", type=lambda v: parse_list(v, FORMATS, "format"),
                    default="png,jpeg", help="comma-separated formats: png, jpeg (.jpg files)")
    ap.add_argument("--jpeg-quality", type=int, default=70, metavar="Q",
                    help="JPEG quality (1-95) of every compression pass")
    ap.add_argument("--jpeg-passes", type=int, default=2, metavar="N",
                    help="how many times a JPEG is compressed and decoded again (2 mimics a "
                    "screenshot sent on by a chat app)")
    ap.add_argument("--min-height", default="auto", metavar="PX",
                    help="minimum image height: auto (twice the width, a full phone screen with "
                    "the message at the bottom), 0 (just the content) or a number of pixels; "
                    "long messages always make the image as tall as they need")
    ap.add_argument("--font", default=DEFAULT_FONT, metavar="PATH",
                    help="TrueType/OpenType font for all text; it must cover Vietnamese")
    ap.add_argument("--bold-font", metavar="PATH",
                    help="font for the clock and contact name (default: the --font file with "
                    "-Bold before the extension if it exists, else --font)")
    ap.add_argument("--missing", choices=["skip", "blob"], default="skip",
                    help="characters the font lacks (such as many emoji): skip leaves them out, "
                    "blob draws a round emoji-like face per emoji cluster instead")
    ap.add_argument("--no-input-bar", action="store_true",
                    help="leave out the message input bar at the bottom")
    ap.add_argument("--no-phone-names", action="store_true",
                    help="never show a phone number as the contact name (by default about one "
                    "message in five has an invented number there, which OCR will read too)")
    ap.add_argument("--seed", default="0",
                    help="salt mixed with each id for the random parts (name, clock, battery, "
                    "colours); change it to get other pictures of the same messages")
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="report every message with characters missing from the font")
    args = ap.parse_args(argv)  # string defaults go through their type= parsers too
    if not 1 <= args.jpeg_quality <= 95:
        ap.error("--jpeg-quality must be between 1 and 95")
    if args.jpeg_passes < 1:
        ap.error("--jpeg-passes must be at least 1")
    if args.min_height != "auto" and not re.fullmatch(r"\d+", args.min_height):
        ap.error("--min-height must be auto or a number of pixels")
    if not os.path.isfile(args.font):
        ap.error(f"font not found: {args.font} (install fonts-dejavu-core or pass --font)")
    bold = args.bold_font
    if bold is None:
        root, ext = os.path.splitext(args.font)
        bold = root + "-Bold" + ext if os.path.isfile(root + "-Bold" + ext) else args.font
    elif not os.path.isfile(bold):
        ap.error(f"bold font not found: {bold}")
    try:
        fonts = Fonts(args.font, bold)
    except OSError as e:
        ap.error(f"cannot load font {args.font}: {e}")

    combos = combinations(args.themes, args.sizes, args.formats)
    os.makedirs(args.out, exist_ok=True)
    stream = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")
    used, images, messages, skipped, bad = set(), 0, 0, 0, 0
    lost_all, lost_msgs = set(), 0
    with stream, open(os.path.join(args.out, "manifest.jsonl"), "w", encoding="utf-8") as man:
        for k, lineno, msg_id, text, problem in read_records(stream):
            if problem:
                warn(f"{problem}; skipped")
                bad += 1
                continue
            if text is None or not text.strip():
                warn(f"line {lineno} (id {msg_id!r}): empty or missing text; skipped")
                skipped += 1
                continue
            shown, lost = prepare_text(text, fonts, args.missing)
            if lost:
                lost_msgs += 1
                lost_all |= lost
                if args.verbose:
                    warn(f"id {msg_id!r}: not in the font ({args.missing}): "
                         + " ".join(f"U+{ord(c):04X}" for c in sorted(lost)))
            if not shown.strip():
                warn(f"line {lineno} (id {msg_id!r}): nothing the font can draw; skipped")
                skipped += 1
                continue
            chrome = make_chrome(msg_id, shown, args.seed, not args.no_phone_names)
            stem = safe_stem(msg_id)
            chosen = combos if args.variants == "all" else [combos[k % len(combos)]]
            messages += 1
            for theme_name, (size_name, width, font_size), fmt in chosen:
                min_h = 2 * width if args.min_height == "auto" else int(args.min_height)
                img = render(shown, THEMES[theme_name], width, font_size, fonts, chrome,
                             min_h, not args.no_input_bar)
                ext = "png" if fmt == "png" else "jpg"
                name = f"{stem}-{theme_name}-{size_name}.{ext}"
                if name in used:
                    name = f"{stem}-L{lineno}-{theme_name}-{size_name}.{ext}"
                used.add(name)
                with open(os.path.join(args.out, name), "wb") as f:
                    f.write(encode(img, fmt, args.jpeg_quality, args.jpeg_passes))
                man.write(json.dumps({"id": msg_id, "image": name, "theme": theme_name,
                                      "size": size_name, "format": fmt},
                                     ensure_ascii=False) + "\n")
                images += 1
    if lost_msgs:
        sample = " ".join(f"U+{ord(c):04X}" for c in sorted(lost_all)[:12])
        warn(f"{lost_msgs} message(s) had characters the font lacks "
             f"({'left out' if args.missing == 'skip' else 'drawn as blobs'}): {sample}"
             + (" ..." if len(lost_all) > 12 else ""))
    warn(f"{images} image(s) of {messages} message(s) in {args.out}"
         + (f"; {skipped} skipped" if skipped else "") + (f"; {bad} bad line(s)" if bad else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
