using SkiaSharp;

namespace KamHp.Tests.Editor.Host;

// Xlib's int results carry no error information.
#pragma warning disable CA1806

/// <summary>Copies what an X window shows (XGetImage, ZPixmap, 32 bits per pixel) into an opaque BGRA bitmap.</summary>
internal static unsafe class ScreenGrab
{
    public static SKBitmap Grab(nint display, nuint drawable, int width, int height)
    {
        TestX11.XSync(display, 0);
        var image = TestX11.XGetImage(display, drawable, 0, 0, (uint)width, (uint)height, ~(nuint)0, 2);
        Assert.NotEqual(0, image);
        try
        {
            // XImage: data at byte 16, bytes_per_line at 44, bits_per_pixel at 48 (x86_64).
            var data = *(byte**)((byte*)image + 16);
            var bytesPerLine = *(int*)((byte*)image + 44);
            var bitsPerPixel = *(int*)((byte*)image + 48);
            Assert.Equal(32, bitsPerPixel);
            var bitmap = new SKBitmap(width, height, SKColorType.Bgra8888, SKAlphaType.Premul);
            var pixels = (byte*)bitmap.GetPixels();
            for (var y = 0; y < height; y++)
            {
                var source = data + (y * bytesPerLine);
                var target = pixels + (y * bitmap.RowBytes);
                for (var x = 0; x < width; x++)
                {
                    target[(4 * x) + 0] = source[(4 * x) + 0];
                    target[(4 * x) + 1] = source[(4 * x) + 1];
                    target[(4 * x) + 2] = source[(4 * x) + 2];
                    target[(4 * x) + 3] = 255;
                }
            }

            return bitmap;
        }
        finally
        {
            TestX11.XDestroyImage(image);
        }
    }
}
