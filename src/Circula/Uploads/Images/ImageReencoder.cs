using Circula.Shared.Results;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Circula.Uploads.Images;

/// <summary>What is stored of an accepted image: re-encoded in its own format, upright, within the size cap, and its thumbnail.</summary>
public sealed record ProcessedImage(ImageFormat Format, int Width, int Height, byte[] Image, byte[] Thumbnail);

/// <summary>
/// Accepts an image only when its magic bytes name JPEG, PNG or WebP, its container ends exactly where the file does and
/// every pixel decodes; then draws it again (turned upright by its EXIF orientation, scaled to the cap) and encodes that
/// new bitmap. Nothing of the sent file but its pixels survives: EXIF (GPS, camera), comments, ancillary chunks.
/// </summary>
public sealed class ImageReencoder(IOptions<UploadsOptions> options)
{
    public const string UnsupportedImage = "unsupported_image";
    public const string ImageDimensionsTooLarge = "image_dimensions_too_large";
    private const int Quality = 85;

    public Result<ProcessedImage> Process(byte[] content)
    {
        if (ImageFormat.Sniff(content) is not { } format)
        {
            return Unsupported("The file is not a JPEG, PNG or WebP image (its first bytes decide, not its name or declared type).");
        }

        if (ImageExtent.End(format, content) is not { } end)
        {
            return Unsupported($"The {format.Name} image is truncated or its structure is broken.");
        }

        if (end != content.Length)
        {
            return Unsupported($"The file carries {content.Length - end} bytes after the end of its {format.Name} image (a polyglot); send the image alone.");
        }

        using var codec = SKCodec.Create(new SKMemoryStream(content));
        if (codec is null || codec.EncodedFormat != Skia(format) || codec.FrameCount > 1)
        {
            return Unsupported($"The file does not decode as one still {format.Name} image.");
        }

        var limits = options.Value;
        if ((long)codec.Info.Width * codec.Info.Height > limits.MaxPixels)
        {
            return DomainError.Invalid(ImageDimensionsTooLarge,
                $"The image is {codec.Info.Width}×{codec.Info.Height} pixels; at most {limits.MaxPixels} pixels are accepted.");
        }

        using var decoded = Decode(codec);
        if (decoded is null)
        {
            return Unsupported($"The {format.Name} image does not decode completely (truncated or corrupt).");
        }

        using var upright = SKImage.FromBitmap(decoded);
        var image = Draw(upright, codec.EncodedOrigin, limits.MaxSide);
        var thumbnail = Draw(upright, codec.EncodedOrigin, limits.ThumbnailSide);
        using (image)
        using (thumbnail)
        {
            return new ProcessedImage(format, image.Width, image.Height, Encode(image, format), Encode(thumbnail, format));
        }
    }

    private static DomainError Unsupported(string detail) => DomainError.Invalid(UnsupportedImage, detail);

    private static SKEncodedImageFormat Skia(ImageFormat format) =>
        format == ImageFormat.Jpeg ? SKEncodedImageFormat.Jpeg : format == ImageFormat.Png ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Webp;

    private static SKBitmap? Decode(SKCodec codec)
    {
        var alpha = codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
        var bitmap = new SKBitmap(new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, alpha));
        if (codec.GetPixels(bitmap.Info, bitmap.GetPixels()) == SKCodecResult.Success)
        {
            return bitmap;
        }

        bitmap.Dispose();
        return null;
    }

    /// <summary>The image turned as its EXIF orientation says and scaled down (never up) so its longest side is at most <paramref name="maxSide"/>.</summary>
    private static SKBitmap Draw(SKImage source, SKEncodedOrigin origin, int maxSide)
    {
        var turned = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (width, height) = turned ? (source.Height, source.Width) : (source.Width, source.Height);
        var scale = Math.Min(1f, (float)maxSide / Math.Max(width, height));
        var target = new SKBitmap(new SKImageInfo(Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)),
            SKColorType.Rgba8888, source.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul));
        using var canvas = new SKCanvas(target);
        canvas.Clear(SKColors.Transparent);
        canvas.Scale((float)target.Width / width, (float)target.Height / height);
        canvas.Concat(Orientation(origin, source.Width, source.Height));
        canvas.DrawImage(source, 0, 0, new SKSamplingOptions(SKCubicResampler.Mitchell));
        return target;
    }

    /// <summary>Maps the stored pixels (w × h) onto the upright picture, one matrix per EXIF orientation.</summary>
    private static SKMatrix Orientation(SKEncodedOrigin origin, float w, float h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };

    private static byte[] Encode(SKBitmap bitmap, ImageFormat format)
    {
        using var data = bitmap.Encode(Skia(format), Quality);
        return data.ToArray();
    }
}
