"""What reader pages carry inline (newsroom.inline): the stylesheet smaller, the same rules."""

from newsroom.inline import minify


def test_minify_drops_comments_and_spare_space_and_keeps_what_selectors_and_values_need():
    css = """/* a comment */
    .a :hover, .b > .c { margin: 0 auto;  width: calc(100% - 2rem); }
    @media (max-width: 719px) {
      .d::before { content: "|"; }
    }
    """
    assert minify(css) == (
        ".a :hover,.b>.c{margin: 0 auto;width: calc(100% - 2rem)}"
        '@media (max-width: 719px){.d::before{content: "|"}}'
    )
