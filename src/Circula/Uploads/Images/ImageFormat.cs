namespace Circula.Uploads.Images;

/// <summary>The image types accepted, each known by its first bytes (never by a file name or a declared type).</summary>
public sealed record ImageFormat(string Name, string ContentType, string Extension)
{
    public static readonly ImageFormat Jpeg = new("jpeg", "image/jpeg", "jpg");
    public static readonly ImageFormat Png = new("png", "image/png", "png");
    public static readonly ImageFormat Webp = new("webp", "image/webp", "webp");

    public static readonly IReadOnlyList<ImageFormat> All = [Jpeg, Png, Webp];

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The format the magic bytes announce, or null: SVG, HTML, GIF, text and everything else start otherwise.</summary>
    public static ImageFormat? Sniff(ReadOnlySpan<byte> content)
    {
        if (content is [0xFF, 0xD8, 0xFF, ..])
        {
            return Jpeg;
        }

        if (content.StartsWith(PngSignature))
        {
            return Png;
        }

        return content.Length >= 12 && content[..4].SequenceEqual("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8) ? Webp : null;
    }

    /// <summary>The format a stored key names by its extension, or null.</summary>
    public static ImageFormat? ByExtension(string extension) => All.FirstOrDefault(f => f.Extension == extension);
}
