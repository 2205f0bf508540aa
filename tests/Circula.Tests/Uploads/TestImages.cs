using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Text;
using SkiaSharp;

namespace Circula.Tests.Uploads;

/// <summary>Images made in code for the upload tests: left half red, right half blue, in any accepted format, and an EXIF block built by hand.</summary>
public static class TestImages
{
    public static byte[] Make(SKEncodedImageFormat format, int width, int height, byte shade = 0)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(255, shade, 0));
            using var blue = new SKPaint { Color = new SKColor(0, shade, 255) };
            canvas.DrawRect(width / 2f, 0, width / 2f, height, blue);
        }

        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>
    /// <paramref name="jpeg"/> with an APP1 EXIF segment right after SOI: IFD0 with the orientation and a GPS IFD holding a
    /// latitude (N 30° 16' 27.41"), as a phone writes them.
    /// </summary>
    public static byte[] WithExif(byte[] jpeg, ushort orientation)
    {
        var tiff = new byte[92];
        "MM"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), 8);
        Entries(tiff, 8, (0x0112, 3, 1, (uint)orientation << 16), (0x8825, 4, 1, 38));
        Entries(tiff, 38, (0x0001, 2, 2, (uint)'N' << 24), (0x0002, 5, 3, 68));
        uint[] latitude = [30, 1, 16, 1, 2741, 100];
        for (var i = 0; i < latitude.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(68 + 4 * i), latitude[i]);
        }

        var segment = new byte[4 + 6 + tiff.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(segment.Length - 2));
        "Exif\0\0"u8.CopyTo(segment.AsSpan(4));
        tiff.CopyTo(segment, 10);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    private static void Entries(byte[] tiff, int at, params (ushort Tag, ushort Type, uint Count, uint Value)[] entries)
    {
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), (ushort)entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = tiff.AsSpan(at + 2 + 12 * i);
            BinaryPrimitives.WriteUInt16BigEndian(entry, entries[i].Tag);
            BinaryPrimitives.WriteUInt16BigEndian(entry[2..], entries[i].Type);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], entries[i].Count);
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], entries[i].Value);
        }
    }

    /// <summary>Whether a JPEG has an APP1 segment (EXIF or XMP) among its markers before the scan.</summary>
    public static bool HasApp1(byte[] jpeg)
    {
        for (var at = 2; at + 4 <= jpeg.Length && jpeg[at] == 0xFF && jpeg[at + 1] != 0xDA; at += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2)))
        {
            if (jpeg[at + 1] == 0xE1)
            {
                return true;
            }
        }

        return false;
    }

    public static bool Contains(byte[] content, string text) => content.AsSpan().IndexOf(Encoding.ASCII.GetBytes(text)) >= 0;

    public static MultipartFormDataContent Form(byte[] content, string fileName, string contentType = "image/jpeg", string field = "file")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, field, fileName } };
    }
}
