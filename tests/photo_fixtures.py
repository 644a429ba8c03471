"""Fixture images made on the fly: canaries in every metadata slot, a bomb, a truncated file."""

from __future__ import annotations

import io

from PIL import Image, PngImagePlugin

CANARIES = ("CANARY-EXIF-ARTIST", "CANARY-GPS", "CANARY-XMP", "CANARY-COMMENT", "CANARY-PNG-TEXT", "CANARY-IPTC")


def portrait(width: int = 600, height: int = 800, color=(180, 120, 90)) -> Image.Image:
    im = Image.new("RGB", (width, height), (235, 238, 242))
    for y in range(height // 5, height):
        for_x = width // 4
        im.paste(color, (for_x, y, width - for_x, y + 1)) if y > height // 2 else None
    im.paste(color, (width // 3, height // 6, 2 * width // 3, height // 2))
    return im


def jpeg_with_canaries(orientation: int = 6) -> bytes:
    im = portrait(400, 300)  # stored landscape; orientation 6 says "rotate to portrait"
    exif = Image.Exif()
    exif[0x013B] = CANARIES[0]  # Artist
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[27] = CANARIES[1]  # GPSProcessingMethod
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>{CANARIES[2]}</rdf:RDF></x:xmpmeta>'.encode()
    out = io.BytesIO()
    im.save(out, "JPEG", exif=exif, comment=CANARIES[3].encode(), xmp=xmp, quality=90)
    data = out.getvalue()
    # IPTC lives in a Photoshop APP13 segment; insert one right after SOI
    iim = b"\x1c\x02\x50" + len(CANARIES[5]).to_bytes(2, "big") + CANARIES[5].encode()  # 2:80 By-line
    block = b"8BIM\x04\x04\x00\x00" + len(iim).to_bytes(4, "big") + iim
    payload = b"Photoshop 3.0\x00" + block
    app13 = b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload
    return data[:2] + app13 + data[2:]


def png_with_canaries() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", CANARIES[4])
    info.add_itxt("XML:com.adobe.xmp", CANARIES[2])
    out = io.BytesIO()
    portrait(300, 400).convert("RGBA").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def bomb() -> bytes:
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, "PNG")  # 64 MP, a few kilobytes
    return out.getvalue()


def truncated() -> bytes:
    data = jpeg_with_canaries()
    return data[: len(data) // 2]
