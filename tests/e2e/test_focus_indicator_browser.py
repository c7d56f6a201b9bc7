"""The keyboard focus can be seen everywhere: WCAG 2.2 SC 1.4.11 (non-text contrast) asks at
least 3:1 between a focus indicator and what it sits on. The yellow outline alone was ~1.9:1 on
the white pages (fine on the dark header); the form fields' pink outline ~1.7:1. axe-core does
not check this, so the test tabs through real pages in Chromium and measures each indicator."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

#: SC 1.4.11's minimum for the parts of a user interface component's state.
MINIMUM = 3.0
#: Focus stops tabbed through per page: header, skip link, main content, form fields.
STOPS = 30

#: For the focused element: the colours that show focus (outline, box-shadow rings) and the
#: colour of the background they are drawn on (the first ancestor with an opaque one).
_FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  let node = el.parentElement, background = 'rgb(255, 255, 255)';
  while (node) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && !bg.startsWith('rgba(0, 0, 0, 0)') && bg !== 'transparent') { background = bg; break; }
    node = node.parentElement;
  }
  return {html: el.outerHTML.slice(0, 100), outline: style.outlineStyle !== 'none' &&
          parseFloat(style.outlineWidth) >= 2 ? style.outlineColor : null,
          shadow: style.boxShadow, background};
}"""


def rgb(text: str) -> tuple[float, float, float] | None:
    found = re.search(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)", text or "")
    return tuple(float(v) for v in found.groups()) if found else None


def luminance(colour: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_is_wcags_ratio():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((240, 180, 0), (255, 255, 255)) < MINIMUM  # the old outline on white


def indicator_contrasts(page) -> list[str]:
    """Tab through the page; the focus stops whose indicator has no colour at least 3:1
    against its background."""
    weak = []
    for _ in range(STOPS):
        page.keyboard.press("Tab")
        found = page.evaluate(_FOCUS_STYLE)
        if found is None:
            continue
        background = rgb(found["background"])
        colours = [c for c in (rgb(found["outline"] or ""), rgb(found["shadow"] or "")) if c]
        best = max((contrast(c, background) for c in colours), default=0.0)
        if best < MINIMUM:
            weak.append(f"{found['html']} ({best:.2f}:1 on {found['background']})")
    return weak


@pytest.mark.parametrize("path", ["/practices/spritzentausch-fixture", "/search?q=Frauenhaus", "/contribute"])
def test_every_focus_stop_shows_focus_at_three_to_one(server, page, path):
    page.goto(server + path)
    assert indicator_contrasts(page) == []
