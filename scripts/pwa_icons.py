"""Draw the app icons of the web manifest (同心: two concentric rings, as in favicon.svg).

Run once after changing the design: `uv run python scripts/pwa_icons.py`. The PNGs are
committed; drawing them ourselves keeps third-party artwork out of the product.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

RED = (200, 16, 46, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parents[1] / "tongxin" / "static" / "img" / "icons"
SUPERSAMPLE = 4


def draw(size: int, *, maskable: bool) -> Image.Image:
    big = size * SUPERSAMPLE
    unit = big / 32  # the favicon's 32-unit grid
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        # A maskable icon fills the square; launchers cut their own shape, keeping the centre
        # 80 % (the "safe zone"), so the rings are drawn smaller.
        pen.rectangle((0, 0, big, big), fill=RED)
        unit *= 0.75
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=6 * unit, fill=RED)
    centre = big / 2
    ring, stroke, dot = 9 * unit, 2.5 * unit, 3.5 * unit
    outer, inner = ring + stroke / 2, ring - stroke / 2
    pen.ellipse((centre - outer, centre - outer, centre + outer, centre + outer), fill=WHITE)
    pen.ellipse((centre - inner, centre - inner, centre + inner, centre + inner), fill=RED)
    pen.ellipse((centre - dot, centre - dot, centre + dot, centre + dot), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
        draw(size, maskable=True).save(OUT / f"maskable-{size}.png", optimize=True)
    draw(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
