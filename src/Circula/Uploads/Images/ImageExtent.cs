using System.Buffers.Binary;

namespace Circula.Uploads.Images;

/// <summary>
/// Where an image's own bytes end, read from its container structure (JPEG markers up to EOI, PNG chunks up to IEND, the
/// RIFF size of WebP). A file that is cut short has no end; one with bytes after its end is a polyglot (a JPEG with a ZIP
/// or HTML appended, a PNG followed by a script), and both are refused before anything decodes them.
/// </summary>
public static class ImageExtent
{
    /// <summary>The offset just past the image's last byte, or null when the structure is broken or cut short.</summary>
    public static int? End(ImageFormat format, ReadOnlySpan<byte> content) =>
        format == ImageFormat.Jpeg ? JpegEnd(content) : format == ImageFormat.Png ? PngEnd(content) : WebpEnd(content);

    private static int? JpegEnd(ReadOnlySpan<byte> c)
    {
        var at = 2;
        while (at + 1 < c.Length)
        {
            if (c[at] != 0xFF)
            {
                return null;
            }

            var marker = c[at + 1];
            at += 2;
            if (marker == 0xFF)
            {
                at--; // fill byte before a marker
                continue;
            }

            if (marker == 0xD9)
            {
                return at;
            }

            if (marker is 0x01 or >= 0xD0 and <= 0xD7)
            {
                continue;
            }

            if (at + 2 > c.Length)
            {
                return null;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(c[at..]);
            if (length < 2 || at + length > c.Length)
            {
                return null;
            }

            at += length;
            if (marker == 0xDA && SkipEntropyCoded(c, at) is { } next)
            {
                at = next;
            }
            else if (marker == 0xDA)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Past the scan's entropy-coded bytes to the next marker: FF 00 is a stuffed FF, FF D0–D7 a restart.</summary>
    private static int? SkipEntropyCoded(ReadOnlySpan<byte> c, int at)
    {
        while (at + 1 < c.Length)
        {
            if (c[at] == 0xFF && c[at + 1] is not (0x00 or 0xFF or >= 0xD0 and <= 0xD7))
            {
                return at;
            }

            at += c[at] == 0xFF && c[at + 1] != 0xFF ? 2 : 1;
        }

        return null;
    }

    private static int? PngEnd(ReadOnlySpan<byte> c)
    {
        var at = 8;
        var first = true;
        while (at + 12 <= c.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(c[at..]);
            var type = c.Slice(at + 4, 4);
            if (length > int.MaxValue || (long)at + 12 + length > c.Length || first && !type.SequenceEqual("IHDR"u8))
            {
                return null;
            }

            at += 12 + (int)length;
            if (type.SequenceEqual("IEND"u8))
            {
                return at;
            }

            first = false;
        }

        return null;
    }

    private static int? WebpEnd(ReadOnlySpan<byte> c)
    {
        var size = BinaryPrimitives.ReadUInt32LittleEndian(c[4..]);
        return size < 4 || 8L + size > c.Length ? null : 8 + (int)size;
    }
}
