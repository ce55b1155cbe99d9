"""Illustrations for the demo, drawn with Pillow when the demo is loaded (no network, no binary in the repo).

Flat, friendly scenes (a school under scaffolding, a cycle path along the Loire, a market…)
drawn at twice their size and scaled down, so that edges stay smooth. Each illustration has a
caption drawn in Pillow's default font; the text that matters is always in the alt text too.
"""

import io
import math
import random
import unicodedata
from functools import cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 675
SCALE = 2  # drawn at twice the size, then scaled down (anti-aliasing)

PALETTES = {
    "day": {
        "sky": ("#8ec5e8", "#f4efe1"),
        "far": "#a9c9a0",
        "ground": "#6fa36b",
        "water": "#4f8fb8",
        "sun": "#ffd36b",
        "accent": "#e9a23b",
        "accent2": "#d1495b",
        "dark": "#2d3a4a",
        "light": "#fbf8f0",
    },
    "spring": {
        "sky": ("#b8e0d2", "#fdf6e3"),
        "far": "#b5d99c",
        "ground": "#7fb069",
        "water": "#5fa8d3",
        "sun": "#ffe08a",
        "accent": "#e76f51",
        "accent2": "#2a9d8f",
        "dark": "#264653",
        "light": "#fffdf7",
    },
    "warm": {
        "sky": ("#f6d6ad", "#fff4e6"),
        "far": "#e3b98a",
        "ground": "#c08552",
        "water": "#6c9ab5",
        "sun": "#ffb347",
        "accent": "#8c2f39",
        "accent2": "#2a6f97",
        "dark": "#3d2c2e",
        "light": "#fffaf2",
    },
    "dusk": {
        "sky": ("#5e4b8b", "#f4a261"),
        "far": "#8d7aa3",
        "ground": "#6d597a",
        "water": "#3d5a80",
        "sun": "#ffd6a5",
        "accent": "#e76f51",
        "accent2": "#f2cc8f",
        "dark": "#2b2d42",
        "light": "#f7ede2",
    },
    "night": {
        "sky": ("#0f1c3f", "#3b4f7a"),
        "far": "#2c3e57",
        "ground": "#1f2b3a",
        "water": "#1e3a5f",
        "sun": "#f4f1de",
        "accent": "#ffd166",
        "accent2": "#ef476f",
        "dark": "#0b1020",
        "light": "#fdf0c4",
    },
}


# A system font with accented glyphs when there is one (Debian's DejaVu, Liberation); otherwise Pillow's
# built-in font, which has no accents, so the caption loses them rather than showing boxes.
SYSTEM_FONTS = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf")


@cache
def _font(size):
    for name in SYSTEM_FONTS:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def _fit_text(text, size):
    font, has_accents = _font(size)
    if not has_accents:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return font, text


def _rgb(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def _mix(first, second, ratio):
    a, b = _rgb(first), _rgb(second)
    return "#" + "".join(f"{round(x + (y - x) * ratio):02x}" for x, y in zip(a, b, strict=True))


class Canvas:
    """A drawing surface in logical coordinates (1200×675), drawn at SCALE× resolution."""

    def __init__(self, palette, seed):
        self.palette = PALETTES[palette]
        self.random = random.Random(seed)  # noqa: S311 - decoration, not security
        self.image = self.gradient(self.palette["sky"])
        self.draw = ImageDraw.Draw(self.image)

    # -- primitives ------------------------------------------------------------------------------------
    @staticmethod
    def gradient(colours, size=(WIDTH * SCALE, HEIGHT * SCALE)):
        top, bottom = colours
        mask = Image.linear_gradient("L").resize(size)
        return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)

    def _s(self, *values):
        return [round(v * SCALE) for v in values]

    def rect(self, x0, y0, x1, y1, fill, radius=0):
        if radius:
            self.draw.rounded_rectangle(self._s(x0, y0, x1, y1), radius=radius * SCALE, fill=fill)
        else:
            self.draw.rectangle(self._s(x0, y0, x1, y1), fill=fill)

    def circle(self, x, y, r, fill=None, outline=None, width=1):
        self.draw.ellipse(self._s(x - r, y - r, x + r, y + r), fill=fill, outline=outline, width=width * SCALE)

    def polygon(self, points, fill):
        self.draw.polygon([(round(x * SCALE), round(y * SCALE)) for x, y in points], fill=fill)

    def line(self, points, fill, width):
        self.draw.line(
            [(round(x * SCALE), round(y * SCALE)) for x, y in points], fill=fill, width=width * SCALE, joint="curve"
        )

    # -- scenery ---------------------------------------------------------------------------------------
    def sun(self, x=1000, y=130, r=62):
        self.circle(x, y, r + 18, fill=_mix(self.palette["sun"], self.palette["sky"][1], 0.6))
        self.circle(x, y, r, fill=self.palette["sun"])

    def clouds(self, count=3):
        for _ in range(count):
            x, y = self.random.randint(80, 1100), self.random.randint(60, 200)
            colour = _mix(self.palette["light"], self.palette["sky"][0], 0.15)
            for dx, dy, r in ((0, 0, 34), (40, 8, 28), (-38, 10, 26), (16, -16, 26)):
                self.circle(x + dx, y + dy, r, fill=colour)

    def hills(self, base, amplitude, colour, frequency=1.0, phase=0.0):
        points = [(0, HEIGHT)]
        for step in range(0, 61):
            x = WIDTH * step / 60
            y = base - amplitude * math.sin(frequency * math.pi * x / WIDTH * 2 + phase)
            points.append((x, y))
        points.append((WIDTH, HEIGHT))
        self.polygon(points, colour)

    def ground(self, top, colour=None):
        self.rect(0, top, WIDTH, HEIGHT, colour or self.palette["ground"])

    def river(self, top, bottom):
        self.rect(0, top, WIDTH, bottom, self.palette["water"])
        highlight = _mix(self.palette["water"], "#ffffff", 0.35)
        for row in range(3):
            y = top + (bottom - top) * (row + 1) / 4
            for x in range(-40 + row * 60, WIDTH, 180):
                self.line([(x, y), (x + 30, y - 6), (x + 60, y), (x + 90, y - 6)], highlight, 3)

    def tree(self, x, ground_y, height, leaf=None, trunk="#6b4f3a"):
        leaf = leaf or _mix(self.palette["ground"], "#1b4332", 0.45)
        self.rect(x - height * 0.05, ground_y - height * 0.45, x + height * 0.05, ground_y, trunk)
        r = height * 0.28
        self.circle(x, ground_y - height * 0.62, r, fill=leaf)
        self.circle(x - r * 0.6, ground_y - height * 0.5, r * 0.75, fill=leaf)
        self.circle(x + r * 0.6, ground_y - height * 0.5, r * 0.75, fill=_mix(leaf, "#000000", 0.1))

    def building(self, x, ground_y, width, height, wall, roof=None, windows=None, columns=4, rows=3, gable=False):
        self.rect(x, ground_y - height, x + width, ground_y, wall)
        if gable:
            self.polygon(
                [
                    (x - 14, ground_y - height),
                    (x + width / 2, ground_y - height - height * 0.45),
                    (x + width + 14, ground_y - height),
                ],
                roof or self.palette["accent2"],
            )
        elif roof:
            self.rect(x - 8, ground_y - height - 14, x + width + 8, ground_y - height, roof)
        windows = windows or _mix(self.palette["sky"][0], "#ffffff", 0.3)
        cell_w, cell_h = width / columns, height / (rows + 0.6)
        for column in range(columns):
            for row in range(rows):
                wx, wy = x + column * cell_w + cell_w * 0.25, ground_y - height + row * cell_h + cell_h * 0.35
                self.rect(wx, wy, wx + cell_w * 0.5, wy + cell_h * 0.5, windows, radius=3)

    def person(self, x, ground_y, height, colour, skin="#e0ac69"):
        self.rect(x - height * 0.16, ground_y - height * 0.62, x + height * 0.16, ground_y, colour, radius=10)
        self.circle(x, ground_y - height * 0.78, height * 0.15, fill=skin)

    def bicycle(self, x, y, size, colour):
        wheel = size * 0.32
        self.circle(x - size * 0.45, y, wheel, outline=colour, width=5)
        self.circle(x + size * 0.45, y, wheel, outline=colour, width=5)
        seat, handle = (x - size * 0.1, y - size * 0.5), (x + size * 0.3, y - size * 0.55)
        self.line([(x - size * 0.45, y), seat, (x + size * 0.05, y), (x - size * 0.45, y)], colour, 5)
        self.line([(x + size * 0.05, y), (x + size * 0.35, y - size * 0.42), (x + size * 0.45, y)], colour, 5)
        self.line([seat, (x + size * 0.35, y - size * 0.42), handle], colour, 5)
        rider = self.palette["accent"]
        self.line([seat, (x - size * 0.02, y - size * 1.05)], rider, 18)
        self.line([(x - size * 0.02, y - size * 1.0), handle], rider, 9)
        self.line([seat, (x + size * 0.08, y - size * 0.2), (x + size * 0.05, y)], self.palette["dark"], 9)
        self.circle(x + size * 0.02, y - size * 1.25, size * 0.14, fill="#e0ac69")

    def lamp(self, x, ground_y, height):
        glow = self.palette["accent"]
        for radius, ratio in ((110, 0.85), (80, 0.7), (55, 0.5), (34, 0.25)):
            self.circle(x + 26, ground_y - height + 20, radius, fill=_mix(glow, self.palette["sky"][1], ratio))
        self.rect(x - 5, ground_y - height, x + 5, ground_y, "#1a1a1a")
        self.line(
            [(x, ground_y - height), (x + 26, ground_y - height - 6), (x + 30, ground_y - height + 6)], "#1a1a1a", 8
        )
        self.circle(x + 28, ground_y - height + 14, 12, fill=self.palette["light"])

    def caption(self, text):
        if not text:
            return
        font, text = _fit_text(text, 32 * SCALE)
        box = self.draw.textbbox((0, 0), text, font=font)
        pad = 20 * SCALE
        x0, y0 = 40 * SCALE, (HEIGHT - 40) * SCALE - (box[3] - box[1]) - 2 * pad
        overlay = Image.new("RGBA", self.image.size, (0, 0, 0, 0))
        ImageDraw.Draw(overlay).rounded_rectangle(
            (x0, y0, x0 + (box[2] - box[0]) + 2 * pad, (HEIGHT - 40) * SCALE),
            radius=14 * SCALE,
            fill=(*_rgb(self.palette["dark"]), 215),
        )
        self.image = Image.alpha_composite(self.image.convert("RGBA"), overlay).convert("RGB")
        self.draw = ImageDraw.Draw(self.image)
        self.draw.text((x0 + pad - box[0], y0 + pad - box[1]), text, font=font, fill="#ffffff")

    def jpeg(self):
        output = io.BytesIO()
        self.image.reduce(SCALE).save(output, "JPEG", quality=82, optimize=True)
        return output.getvalue()


# -- scenes ------------------------------------------------------------------------------------------------


def _panorama(c):
    p = c.palette
    c.sun(960, 150)
    c.clouds(2)
    c.hills(380, 30, p["far"], 1.3, 0.4)
    skyline = [(120, 150, 120), (250, 110, 170), (370, 140, 140), (520, 90, 230), (620, 130, 150), (760, 120, 190)]
    for index, (x, width, height) in enumerate(skyline):
        wall = _mix("#efe6d2", p["accent"], 0.12 * (index % 3))
        c.building(x, 470, width, height, wall, roof="#5c6b73", columns=3, rows=2, gable=index % 2 == 0)
    c.polygon([(575, 380), (590, 250), (605, 380)], "#5c6b73")  # church spire
    c.rect(560, 380, 620, 470, "#e8dcc2")
    c.ground(470, _mix(p["ground"], p["far"], 0.3))
    c.river(510, 675)
    c.rect(0, 500, WIDTH, 512, "#b9b1a1")
    for arch in range(5):
        x = 120 + arch * 220
        c.draw.arc(c._s(x, 520, x + 200, 680), 180, 360, fill="#b9b1a1", width=14 * SCALE)


def _school(c):
    p = c.palette
    c.sun(1040, 120)
    c.clouds(2)
    c.ground(500)
    c.building(230, 500, 620, 230, "#f2e3c6", roof="#c8553d", columns=8, rows=3, gable=True)
    c.rect(500, 420, 580, 500, "#8c5a3c", radius=6)  # door
    c.circle(540, 215, 24, fill="#ffffff", outline=p["dark"], width=3)  # clock
    for x in range(230, 520, 48):  # scaffolding
        c.line([(x, 500), (x, 250)], "#8d99ae", 4)
    for y in range(500, 250, -58):
        c.line([(224, y), (520, y)], "#8d99ae", 4)
    c.line([(960, 500), (960, 90)], "#f4a300", 14)  # crane
    c.line([(700, 110), (1120, 110)], "#f4a300", 12)
    c.line([(960, 90), (700, 110)], "#f4a300", 4)
    c.line([(780, 110), (780, 250)], p["dark"], 3)
    c.rect(760, 250, 800, 275, "#6c757d")
    for x in (110, 1080):
        c.tree(x, 505, 200)


def _bike(c):
    p = c.palette
    c.sun(180, 130)
    c.clouds(3)
    c.hills(300, 25, p["far"], 1.5)
    for x in range(40, 1200, 110):
        c.tree(x, 330, 90 + (x % 3) * 15)
    c.river(330, 430)
    c.ground(430)
    c.polygon([(0, 520), (1200, 470), (1200, 560), (0, 640)], "#d9cbb0")
    c.line([(0, 580), (1200, 515)], "#ffffff", 4)
    c.bicycle(640, 520, 130, p["dark"])
    for x in (960, 1110):
        c.tree(x, 470, 180)


def _library(c):
    p = c.palette
    c.rect(700, 90, 1120, 470, "#9cc5e0")
    c.image.paste(Canvas.gradient(("#9cc5e0", "#eaf4fb"), tuple(c._s(400, 360))), tuple(c._s(710, 100)))
    c.draw = ImageDraw.Draw(c.image)
    for x in (840, 980):
        c.rect(x, 90, x + 12, 470, "#ffffff")
    c.rect(700, 270, 1120, 280, "#ffffff")
    c.ground(560, _mix(p["ground"], "#ffffff", 0.3))
    colours = [p["accent"], p["accent2"], "#e9c46a", "#2a9d8f", "#f4a261", "#6d597a"]
    for shelf_y in (230, 360, 490):
        c.rect(60, shelf_y, 640, shelf_y + 12, "#7f5539")
        x = 75
        while x < 620:
            width, height = c.random.randint(16, 30), c.random.randint(70, 105)
            c.rect(x, shelf_y - height, x + width, shelf_y, c.random.choice(colours), radius=3)
            x += width + 4
    c.rect(760, 520, 1060, 540, "#7f5539")
    c.rect(780, 540, 800, 620, "#7f5539")
    c.rect(1020, 540, 1040, 620, "#7f5539")
    c.polygon([(850, 520), (905, 500), (960, 520)], "#ffffff")
    c.circle(1150, 520, 50, fill="#52b788")
    c.rect(1125, 540, 1175, 600, "#bc6c25")


def _meeting(c):
    p = c.palette
    c.rect(330, 70, 870, 330, "#ffffff", radius=8)
    for index, height in enumerate((120, 180, 90, 150)):
        c.rect(400 + index * 110, 290 - height, 470 + index * 110, 290, [p["accent"], p["accent2"]][index % 2])
    c.rect(180, 330, 1020, 380, "#7f5539")
    c.person(600, 300, 130, p["accent2"])
    c.rect(560, 260, 640, 340, p["dark"], radius=6)
    colours = [p["accent"], p["accent2"], "#2a9d8f", "#6d597a", "#e9c46a", "#457b9d"]
    skins = ["#e0ac69", "#8d5524", "#f1c27d", "#c68642", "#ffdbac"]
    for row, y in enumerate((500, 590, 680)):
        for x in range(60 + (row % 2) * 55, 1200, 110):
            c.circle(x, y - 30, 50, fill=c.random.choice(colours))
            c.circle(x, y - 95, 30, fill=c.random.choice(skins))


def _trees(c):
    p = c.palette
    c.sun(1030, 140)
    c.clouds(2)
    c.hills(420, 30, p["far"], 1.1, 1.0)
    c.ground(470)
    for row, (y, height) in enumerate(((470, 120), (540, 160), (630, 210))):
        for x in range(60 + row * 40, 1200, 170 - row * 20):
            c.tree(x + c.random.randint(-20, 20), y, height + c.random.randint(-20, 20))
    c.rect(0, 640, WIDTH, HEIGHT, _mix(p["ground"], "#000000", 0.1))


def _market(c):
    p = c.palette
    c.clouds(2)
    for index, x in enumerate(range(20, 1200, 240)):
        c.building(
            x,
            360,
            220,
            230 + (index % 2) * 40,
            _mix("#efe6d2", p["accent"], 0.1 * (index % 3)),
            roof="#5c6b73",
            columns=3,
            rows=3,
        )
    c.ground(360, "#cfc6b5")
    produce = ["#e63946", "#f4a261", "#2a9d8f", "#e9c46a", "#8ab17d"]
    for index, x in enumerate((60, 340, 620, 900)):
        stripe_colour = [p["accent2"], p["accent"], "#2a9d8f", p["accent2"]][index]
        for stripe in range(6):
            colour = stripe_colour if stripe % 2 == 0 else "#ffffff"
            sx = x + stripe * 40
            c.polygon([(sx, 380), (sx + 40, 380), (sx + 46, 440), (sx - 6, 440)], colour)
        c.rect(x + 10, 440, x + 230, 470, "#f8f9fa")
        c.rect(x + 20, 470, x + 220, 560, "#b08968")
        for fruit in range(10):
            c.circle(x + 32 + fruit * 19, 458, 10, fill=produce[(fruit + index) % len(produce)])
    for x in (200, 520, 760, 1080):
        c.person(x, 660, 120, c.random.choice([p["accent"], p["dark"], "#2a9d8f"]))


def _forum(c):
    p = c.palette
    c.sun(160, 120)
    c.ground(450)
    c.line([(0, 150), (300, 200), (600, 170), (900, 205), (1200, 160)], p["dark"], 2)
    for index, x in enumerate(range(10, 1200, 42)):
        y = 150 + 45 * abs(math.sin(x / 190))
        c.polygon([(x, y), (x + 30, y + 4), (x + 14, y + 38)], [p["accent"], p["accent2"], "#e9c46a"][index % 3])
    for index, x in enumerate((60, 330, 600, 870)):
        colour = [p["accent2"], p["accent"], "#2a9d8f", "#e9c46a"][index]
        c.polygon([(x, 330), (x + 130, 260), (x + 260, 330)], colour)
        c.rect(x + 10, 330, x + 250, 470, "#ffffff")
        c.rect(x + 10, 330, x + 250, 350, colour)
        c.rect(x + 30, 400, x + 230, 470, _mix(colour, "#ffffff", 0.6))
    for x, y, colour in ((1120, 220, p["accent2"]), (1060, 270, "#e9c46a"), (1150, 300, "#2a9d8f")):
        c.line([(x, y + 40), (x - 10, 470)], p["dark"], 2)
        c.circle(x, y, 38, fill=colour)
    for x in (200, 470, 740, 1000):
        c.person(x, 640, 130, c.random.choice([p["accent"], p["dark"], "#2a9d8f", p["accent2"]]))


def _health(c):
    c.sun(1060, 130)
    c.clouds(2)
    c.ground(500)
    c.building(260, 500, 680, 250, "#f8f9fa", roof="#adb5bd", columns=7, rows=3)
    c.rect(540, 410, 660, 500, "#74c69d", radius=6)
    c.rect(575, 160, 625, 270, "#2d6a4f")
    c.rect(545, 190, 655, 240, "#2d6a4f")
    c.polygon([(0, 560), (1200, 540), (1200, 600), (0, 630)], "#d9cbb0")
    for x in (110, 180, 1020, 1110):
        c.tree(x, 505, 170)


def _lights(c):
    p = c.palette
    for _ in range(60):
        c.circle(c.random.randint(0, WIDTH), c.random.randint(0, 300), c.random.choice((1.5, 2, 3)), fill=p["light"])
    c.circle(1050, 110, 50, fill=p["sun"])
    c.circle(1070, 98, 46, fill=p["sky"][0])
    for index, x in enumerate(range(0, 1200, 200)):
        c.building(
            x + 10,
            470,
            180,
            150 + (index % 3) * 40,
            "#2b3a55",
            roof="#1b263b",
            gable=index % 2 == 1,
            windows=p["accent"] if index % 2 else "#415a77",
            columns=3,
            rows=2,
        )
    c.ground(470, "#33415c")
    c.rect(0, 540, WIDTH, 620, "#1b263b")
    for x in range(40, 1200, 180):
        c.rect(x, 576, x + 80, 584, "#adb5bd")
    for x in (120, 520, 920):
        c.lamp(x, 560, 250)


def _skatepark(c):
    p = c.palette
    c.sun(900, 330, 90)
    c.hills(420, 20, p["far"], 1.2)
    c.ground(470, "#9a8c98")
    concrete, shade = "#c9c1b6", "#a89f91"
    c.polygon([(0, 470), (0, 300), (60, 305), (130, 340), (190, 410), (230, 470)], concrete)
    c.rect(0, 290, 70, 305, "#6c757d")
    c.polygon([(1200, 470), (1200, 290), (1140, 296), (1060, 340), (1000, 410), (970, 470)], concrete)
    c.polygon([(420, 470), (520, 400), (720, 400), (820, 470)], shade)
    c.rect(520, 390, 720, 402, "#6c757d")
    c.line([(300, 430), (300, 470)], p["dark"], 5)
    c.line([(460, 430), (460, 470)], p["dark"], 5)
    c.line([(280, 430), (480, 430)], p["dark"], 7)
    for x in range(0, 1200, 150):
        c.line([(x, 560), (x + 110, 560)], _mix("#9a8c98", "#ffffff", 0.3), 3)
    for x in (1000, 1090, 80):
        c.tree(x, 300, 140, leaf=_mix(p["far"], "#000000", 0.35))


def _greenway(c):
    p = c.palette
    c.sun(1000, 120)
    c.clouds(3)
    c.hills(300, 40, p["far"], 1.0, 0.3)
    c.hills(380, 35, p["ground"], 1.4, 2.0)
    vine = _mix(p["ground"], "#1b4332", 0.5)
    for row in range(8):
        y = 400 + row * 36
        c.line([(0, y + 20), (1200, y - 10)], vine, 9 + row)
    c.polygon([(520, 675), (760, 675), (650, 380), (620, 380)], "#e9dcc9")
    c.bicycle(660, 560, 90, p["dark"])
    c.tree(120, 420, 200)
    c.tree(1100, 420, 220)


SCENES = {
    "panorama": _panorama,
    "school": _school,
    "bike": _bike,
    "library": _library,
    "meeting": _meeting,
    "trees": _trees,
    "market": _market,
    "forum": _forum,
    "health": _health,
    "lights": _lights,
    "skatepark": _skatepark,
    "greenway": _greenway,
}


def render_illustration(motif, caption="", palette="day"):
    """A 1200×675 JPEG illustration (bytes) of one of the SCENES."""
    canvas = Canvas(palette, seed=motif)
    SCENES[motif](canvas)
    canvas.caption(caption)
    return canvas.jpeg()


def render_logo(letters, primary, secondary, emblem="river", size=512):
    """A round emblem on a transparent background (PNG bytes): the collectivité's colours and initials."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=primary)
    draw.ellipse((8, 8, size - 8, size - 8), outline=secondary, width=18)
    if emblem == "river":
        for row in range(3):
            y = size * (0.66 + row * 0.075)
            points = [(size * (0.2 + i * 0.05), y + (10 if i % 2 else -10)) for i in range(13)]
            draw.line(points, fill="#ffffff", width=12, joint="curve")
    else:  # a bunch of grapes and a leaf
        for dx, dy in ((0, 0), (-34, 0), (34, 0), (-17, 30), (17, 30), (0, 60)):
            draw.ellipse(
                (size / 2 + dx - 20, size * 0.64 + dy - 20, size / 2 + dx + 20, size * 0.64 + dy + 20), fill="#ffffff"
            )
        draw.polygon(
            [(size / 2 + 40, size * 0.6), (size / 2 + 110, size * 0.55), (size / 2 + 70, size * 0.66)], fill=secondary
        )
    font, letters = _fit_text(letters, round(size * (0.34 if len(letters) < 2 else 0.28)))
    draw.text((size / 2, size * 0.4), letters, font=font, fill="#ffffff", anchor="mm")
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()
