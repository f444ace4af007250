"""gzip for reader pages, made from pieces deflated ahead of time (newsroom.pagecache).

A stored page is its own HTML with holes for the shared boxes. Its own parts are deflated once,
when the page is built, and each box once per version it is kept under; a request then joins the
pieces: raw deflate that ends in a sync flush (no final block, byte-aligned) may be followed by
more deflate, and references never reach back before the piece that holds them. gzip's header,
an empty final block and the trailer (CRC-32 and length of the page as sent) close the member.
So a page costs a CRC over its bytes per request instead of compressing them: on this machine
0.02 ms for the home page against 1.2 ms at level 6 (docs/performance.md). The price is a few
per cent more bytes, as no piece refers to another.
"""

import struct
import zlib

LEVEL = 6  # zlib's default: 9 saved 0.3% on our pages, 1 cost 13%; it runs once per build
HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, no time, any OS
LAST = b"\x03\x00"  # an empty final block


def deflated(data: bytes) -> bytes:
    """`data` as raw deflate that another piece may follow."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def gzipped(pieces, content: bytes) -> bytes:
    """One gzip member of `content`, from its pieces deflated in order."""
    trailer = struct.pack("<II", zlib.crc32(content), len(content) & 0xFFFFFFFF)
    return b"".join([HEADER, *pieces, LAST, trailer])


def accepts_gzip(request) -> bool:
    """Whether Accept-Encoding takes gzip: named with a quality above 0, or `*` when not named."""
    qualities = {}
    for item in request.headers.get("Accept-Encoding", "").split(","):
        name, *params = item.split(";")
        quality = 1.0
        for param in params:
            key, _, value = param.strip().partition("=")
            if key.lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        qualities[name.strip().lower()] = quality
    return qualities.get("gzip", qualities.get("*", 0.0)) > 0
