"""Product illustrations for the demo catalog, drawn as small deterministic SVGs.

Each picture is a flat illustration on an 800x800 canvas (scaled by the outer width/height):
a background, a soft floor shadow, one motif in the product's accent colour and the title
as a small caption. Pure string building, so the same product always gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_DEFAULT_BACKGROUND = "#eeeeee"
_DEFAULT_ACCENT = "#555555"


def picture_name(handle: str) -> str:
    """The file name of a product's picture."""
    return f"{handle}.svg"


def picture_svg(product: dict[str, Any], width: int = 800, height: int = 800) -> bytes:
    """Draw the product's picture spec and title as an SVG document."""
    spec = product.get("picture") or {}
    background = _colour(spec.get("background"), _DEFAULT_BACKGROUND)
    accent = _colour(spec.get("accent"), _DEFAULT_ACCENT)
    title = str(product.get("title") or "")
    draw = MOTIFS.get(str(spec.get("motif")), _generic)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{int(width)}" height="{int(height)}"'
        ' viewBox="0 0 800 800" role="img">',
        f"<title>{escape(title)}</title>",
        f'<rect width="800" height="800" fill="{background}"/>',
        f'<circle cx="400" cy="390" r="290" fill="{mix(background, "#ffffff", 0.35)}"/>',
        '<ellipse cx="400" cy="650" rx="230" ry="20" fill="#000000" fill-opacity="0.08"/>',
        *draw(accent),
        _caption(title, background),
        "</svg>",
    ]
    return "\n".join(parts).encode("utf-8")


def mix(colour: str, other: str, share: float) -> str:
    """Blend ``share`` of ``other`` into ``colour`` (both #rrggbb)."""
    a, b = _rgb(colour), _rgb(other)
    blended = (round(x + (y - x) * share) for x, y in zip(a, b, strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in blended)


def _colour(value: Any, default: str) -> str:
    # Only plain hex colours reach the markup, so a bad spec can never break the XML.
    return value.lower() if isinstance(value, str) and _HEX.fullmatch(value) else default


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _caption(title: str, background: str) -> str:
    # Dark backgrounds get a light caption so the title stays readable.
    ink = mix(background, "#ffffff" if _luminance(background) < 0.4 else "#000000", 0.6)
    return (
        f'<text x="400" y="735" text-anchor="middle" font-family="Helvetica, Arial, sans-serif"'
        f' font-size="30" fill="{ink}">{escape(title)}</text>'
    )


def _luminance(colour: str) -> float:
    red, green, blue = _rgb(colour)
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def _light(accent: str) -> str:
    return mix(accent, "#ffffff", 0.45)


def _dark(accent: str) -> str:
    return mix(accent, "#000000", 0.3)


def _tshirt(accent: str) -> list[str]:
    body = "M290 190 L200 225 L130 340 L215 385 L255 335 L255 620 L545 620 L545 335 L585 385"
    return [
        f'<path d="{body} L670 340 L600 225 L510 190 Q400 285 290 190 Z" fill="{accent}"/>',
        f'<path d="M300 196 Q400 270 500 196" fill="none" stroke="{_dark(accent)}"'
        ' stroke-width="10"/>',
    ]


def _shirt(accent: str) -> list[str]:
    body = "M300 190 L215 220 L160 540 L225 555 L265 340 L265 620 L535 620 L535 340 L575 555"
    buttons = [
        f'<circle cx="400" cy="{y}" r="7" fill="{_light(accent)}"/>' for y in (320, 400, 480)
    ]
    return [
        f'<path d="{body} L640 540 L585 220 L500 190 L400 250 Z" fill="{accent}"/>',
        f'<path d="M300 190 L400 250 L350 300 Z M500 190 L400 250 L450 300 Z"'
        f' fill="{_dark(accent)}"/>',
        f'<line x1="400" y1="250" x2="400" y2="620" stroke="{_dark(accent)}" stroke-width="4"/>',
        *buttons,
    ]


def _bag(accent: str) -> list[str]:
    return [
        f'<path d="M320 340 Q320 200 400 200 Q480 200 480 340" fill="none" stroke="{_dark(accent)}"'
        ' stroke-width="22" stroke-linecap="round"/>',
        f'<path d="M245 330 L555 330 L575 630 L225 630 Z" fill="{accent}"/>',
        f'<rect x="325" y="430" width="150" height="90" rx="10" fill="{_light(accent)}"/>',
    ]


def _backpack(accent: str) -> list[str]:
    return [
        f'<path d="M350 215 Q350 160 400 160 Q450 160 450 215" fill="none"'
        f' stroke="{_dark(accent)}" stroke-width="18"/>',
        f'<rect x="270" y="200" width="260" height="430" rx="70" fill="{accent}"/>',
        f'<rect x="310" y="420" width="180" height="150" rx="30" fill="{_dark(accent)}"/>',
        f'<rect x="310" y="260" width="180" height="24" rx="12" fill="{_light(accent)}"/>',
    ]


def _mug(accent: str) -> list[str]:
    steam = "M360 240 q-20 -30 0 -60 q20 -30 0 -60 M430 240 q-20 -30 0 -60 q20 -30 0 -60"
    return [
        f'<path d="{steam}" fill="none" stroke="{_light(accent)}" stroke-width="10"'
        ' stroke-linecap="round"/>',
        f'<path d="M500 340 C610 340 610 520 500 520" fill="none" stroke="{_dark(accent)}"'
        ' stroke-width="34"/>',
        f'<rect x="270" y="280" width="240" height="340" rx="36" fill="{accent}"/>',
        f'<rect x="270" y="280" width="240" height="40" rx="20" fill="{_light(accent)}"/>',
    ]


def _bottle(accent: str) -> list[str]:
    return [
        f'<rect x="360" y="150" width="80" height="60" rx="12" fill="{_dark(accent)}"/>',
        f'<path d="M345 210 L455 210 L455 240 Q520 260 520 320 L520 600 Q520 630 490 630'
        f' L310 630 Q280 630 280 600 L280 320 Q280 260 345 240 Z" fill="{accent}"/>',
        f'<rect x="280" y="390" width="240" height="110" fill="{_light(accent)}"/>',
    ]


def _hat(accent: str) -> list[str]:
    return [
        f'<ellipse cx="400" cy="500" rx="280" ry="70" fill="{_dark(accent)}"/>',
        f'<path d="M270 500 C270 300 530 300 530 500 Z" fill="{accent}"/>',
        f'<path d="M276 440 L524 440 L530 485 L270 485 Z" fill="{_light(accent)}"/>',
    ]


def _cap(accent: str) -> list[str]:
    return [
        f'<path d="M400 470 Q560 455 650 500 Q600 530 420 520 Z" fill="{_dark(accent)}"/>',
        f'<path d="M220 480 C220 270 580 270 580 480 Z" fill="{accent}"/>',
        f'<circle cx="400" cy="292" r="14" fill="{_dark(accent)}"/>',
    ]


def _beanie(accent: str) -> list[str]:
    ribs = "".join(f"M{x} 470 L{x} 570 " for x in range(290, 520, 30))
    return [
        f'<circle cx="400" cy="200" r="45" fill="{_light(accent)}"/>',
        f'<path d="M250 480 C250 230 550 230 550 480 Z" fill="{accent}"/>',
        f'<rect x="240" y="460" width="320" height="120" rx="24" fill="{_dark(accent)}"/>',
        f'<path d="{ribs}" stroke="{accent}" stroke-width="8"/>',
    ]


def _plant(accent: str) -> list[str]:
    leaves = [
        (400, 300, 0, 45, 130),
        (320, 350, -45, 40, 110),
        (480, 350, 45, 40, 110),
    ]
    shapes = [
        f'<ellipse cx="{x}" cy="{y}" rx="{rx}" ry="{ry}" transform="rotate({r} {x} {y})"'
        f' fill="{accent}"/>'
        for x, y, r, rx, ry in leaves
    ]
    return [
        *shapes,
        f'<path d="M290 450 L510 450 L480 630 L320 630 Z" fill="{_dark(accent)}"/>',
        f'<rect x="275" y="430" width="250" height="45" rx="10" fill="{_light(accent)}"/>',
    ]


def _lamp(accent: str) -> list[str]:
    return [
        '<circle cx="400" cy="390" r="120" fill="#fff6cc" fill-opacity="0.6"/>',
        f'<path d="M310 190 L490 190 L560 380 L240 380 Z" fill="{accent}"/>',
        f'<rect x="390" y="380" width="20" height="220" fill="{_dark(accent)}"/>',
        f'<ellipse cx="400" cy="610" rx="110" ry="26" fill="{_dark(accent)}"/>',
    ]


def _shoe(accent: str) -> list[str]:
    laces = "M300 410 L340 380 M330 430 L370 400 M360 450 L400 420"
    return [
        f'<path d="M170 550 L185 390 Q245 350 300 395 L420 460 Q560 470 625 505'
        f' Q660 525 650 560 L170 560 Z" fill="{accent}"/>',
        f'<rect x="160" y="545" width="500" height="40" rx="18" fill="{_light(accent)}"/>',
        f'<path d="{laces}" stroke="{_light(accent)}" stroke-width="9" stroke-linecap="round"/>',
    ]


def _candle(accent: str) -> list[str]:
    return [
        '<path d="M400 200 Q440 260 400 300 Q360 260 400 200 Z" fill="#f4b942"/>',
        '<line x1="400" y1="300" x2="400" y2="335" stroke="#333333" stroke-width="6"/>',
        f'<rect x="280" y="320" width="240" height="300" rx="30" fill="{accent}"/>',
        f'<ellipse cx="400" cy="340" rx="118" ry="22" fill="{_light(accent)}"/>',
        f'<rect x="300" y="430" width="200" height="100" rx="8" fill="{_light(accent)}"/>',
    ]


def _wallet(accent: str) -> list[str]:
    return [
        f'<rect x="230" y="300" width="340" height="260" rx="30" fill="{accent}"/>',
        f'<rect x="260" y="250" width="220" height="120" rx="14" fill="{_light(accent)}"/>',
        f'<rect x="230" y="360" width="340" height="200" rx="30" fill="{_dark(accent)}"/>',
        f'<path d="M260 400 L540 400" stroke="{accent}" stroke-width="6"'
        ' stroke-dasharray="14 10"/>',
    ]


def _sunglasses(accent: str) -> list[str]:
    return [
        f'<path d="M180 360 L620 360" stroke="{_dark(accent)}" stroke-width="18"'
        ' stroke-linecap="round"/>',
        f'<circle cx="300" cy="430" r="100" fill="{accent}"/>',
        f'<circle cx="500" cy="430" r="100" fill="{accent}"/>',
        f'<path d="M385 395 Q400 375 415 395" fill="none" stroke="{_dark(accent)}"'
        ' stroke-width="14"/>',
        f'<circle cx="270" cy="400" r="26" fill="{_light(accent)}"/>',
    ]


def _generic(accent: str) -> list[str]:
    return [
        f'<rect x="250" y="340" width="300" height="280" rx="12" fill="{accent}"/>',
        f'<rect x="230" y="290" width="340" height="80" rx="12" fill="{_dark(accent)}"/>',
        f'<rect x="380" y="290" width="40" height="330" fill="{_light(accent)}"/>',
        f'<ellipse cx="350" cy="260" rx="60" ry="32" transform="rotate(25 350 260)"'
        f' fill="{_light(accent)}"/>',
        f'<ellipse cx="450" cy="260" rx="60" ry="32" transform="rotate(-25 450 260)"'
        f' fill="{_light(accent)}"/>',
        f'<circle cx="400" cy="285" r="22" fill="{_light(accent)}"/>',
    ]


MOTIFS: dict[str, Callable[[str], list[str]]] = {
    "tshirt": _tshirt,
    "shirt": _shirt,
    "bag": _bag,
    "backpack": _backpack,
    "mug": _mug,
    "bottle": _bottle,
    "hat": _hat,
    "cap": _cap,
    "beanie": _beanie,
    "plant": _plant,
    "lamp": _lamp,
    "shoe": _shoe,
    "candle": _candle,
    "wallet": _wallet,
    "sunglasses": _sunglasses,
    "generic": _generic,
}
