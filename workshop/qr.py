import qrcode
import qrcode.image.svg


def qr_svg(data: str) -> str:
    """An SVG QR code (vector: sharp on a projector at any size)."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    return image.to_string(encoding="unicode")
