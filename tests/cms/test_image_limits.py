"""Security: an image small in bytes but huge in pixels is refused at upload (a decompression bomb)."""

import io

import pytest
from PIL import Image

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images.fields import WagtailImageField

pytestmark = pytest.mark.security


def png(width, height):
    output = io.BytesIO()
    Image.new("1", (width, height)).save(output, format="PNG")  # one bit per pixel: a few hundred KB
    return SimpleUploadedFile("plan.png", output.getvalue(), content_type="image/png")


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # Pillow says the same, later
def test_an_image_of_eleven_thousand_pixels_square_is_refused():
    upload = png(11_000, 11_000)
    assert upload.size < 10 * 1024 * 1024  # under the byte limit: only the pixel count refuses it
    with pytest.raises(ValidationError) as refused:
        WagtailImageField().clean(upload)
    assert refused.value.code == "file_too_many_pixels"


def test_a_camera_photo_is_accepted():
    assert WagtailImageField().clean(png(6_000, 4_000)) is not None
