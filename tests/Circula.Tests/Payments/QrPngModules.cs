using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Circula.Tests.Payments;

/// <summary>
/// Reads the dark/light module grid out of a 1-bit grayscale PNG by decoding it from the bytes (chunks, zlib, scanline
/// filters), so a test compares what a scanner would see with the QR matrix of the text it should carry.
/// </summary>
internal static class QrPngModules
{
    public static bool[,] Read(byte[] png, int pixelsPerModule)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                (width, height) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]));
                Assert.Equal((1, 0, 0), (data[8], data[9], data[12])); // bit depth 1, grayscale, not interlaced
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            at += 12 + length;
        }

        Assert.Equal(width, height);
        Assert.Equal(0, width % pixelsPerModule);
        var pixels = Inflate(idat.ToArray());
        var stride = 1 + ((width + 7) / 8);
        Assert.Equal(stride * height, pixels.Length);

        var size = width / pixelsPerModule;
        var modules = new bool[size, size];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, pixels[y * stride]); // filter None: a row is plain bits
            for (var x = 0; x < width; x++)
            {
                var dark = (pixels[(y * stride) + 1 + (x / 8)] & (0x80 >> (x % 8))) == 0;
                if (x % pixelsPerModule == 0 && y % pixelsPerModule == 0)
                {
                    modules[y / pixelsPerModule, x / pixelsPerModule] = dark;
                }

                Assert.True(modules[y / pixelsPerModule, x / pixelsPerModule] == dark, $"pixel ({x},{y}) differs from the rest of its module");
            }
        }

        return modules;
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var inflated = new MemoryStream();
        using (var stream = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress))
        {
            stream.CopyTo(inflated);
        }

        return inflated.ToArray();
    }
}
