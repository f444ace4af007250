ID_MAX_DIGITS = 18


class IdConverter:
    """A database id that fits a 64-bit integer: an absurd id is a 404, not an overflow."""

    regex = f"[0-9]{{1,{ID_MAX_DIGITS}}}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
