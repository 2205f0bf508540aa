using Circula.Uploads.Contracts;
using Circula.Uploads.Endpoints;
using Circula.Uploads.Images;
using Circula.Uploads.Storage;
using Circula.Shared.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circula.Uploads;

/// <summary>
/// Image uploads, a service other modules use through <see cref="IUploads"/>: checked by magic bytes and structure,
/// re-encoded without metadata, deduplicated per user by content hash, kept in local files or an S3-compatible bucket.
/// </summary>
public sealed class UploadsModule : ICirculaModule
{
    /// <summary>Rate-limiter policy for uploading (each one decodes and re-encodes an image); the host defines it.</summary>
    public const string UploadRateLimit = "uploads";

    public void ConfigureModel(ModelBuilder modelBuilder) => modelBuilder.Entity<Upload>(e =>
    {
        e.ToTable("Uploads");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).ValueGeneratedNever();
    });

    public void AddServices(IServiceCollection services)
    {
        services.AddOptions<UploadsOptions>().BindConfiguration(UploadsOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.ThumbnailSide <= o.MaxSide, "Circula:Uploads:ThumbnailSide must not exceed MaxSide.")
            .Validate(o => o.Storage != UploadsOptions.S3Storage || !o.S3.Missing().Any(),
                "Circula:Uploads:Storage is s3, so Circula:Uploads:S3:ServiceUrl, Bucket, AccessKey and SecretKey are required.")
            .ValidateOnStart();
        services.AddSingleton<ImageReencoder>();
        services.AddSingleton<IUploadStorage>(sp => sp.GetRequiredService<IOptions<UploadsOptions>>().Value.Storage == UploadsOptions.S3Storage
            ? ActivatorUtilities.CreateInstance<S3UploadStorage>(sp)
            : ActivatorUtilities.CreateInstance<LocalUploadStorage>(sp));
        services.AddScoped<ImageUploads>();
        services.AddScoped<IUploads>(sp => sp.GetRequiredService<ImageUploads>());
    }

    public void MapEndpoints(IEndpointRouteBuilder app) => UploadEndpoints.Map(app);
}
