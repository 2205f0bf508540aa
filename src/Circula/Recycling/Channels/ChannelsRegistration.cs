using Circula.Recycling.Contracts;
using Circula.Shared.Outbox;
using Circula.Shared.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circula.Recycling.Channels;

/// <summary>
/// The third-party channels: one <see cref="HttpJsonChannel"/> per configured channel, their guards, the entry point, the
/// callbacks, the hand-over of confirmed pickups, following channel orders onto appointments, and the refresh job.
/// </summary>
public static class ChannelsRegistration
{
    public static IServiceCollection AddRecyclingChannels(this IServiceCollection services)
    {
        services.AddOptions<RecyclingChannelsOptions>().BindConfiguration(RecyclingChannelsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RecyclingChannelsOptions>, RecyclingChannelsOptionsValidator>();
        services.AddHttpClient(HttpJsonChannel.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<ChannelGuards>();
        services.AddSingleton(sp => new ChannelRegistry(sp.GetRequiredService<IOptions<RecyclingChannelsOptions>>().Value.Channels
            .Select(settings => new HttpJsonChannel(settings, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>()))));
        services.AddScoped<RecyclingChannels>();
        services.AddScoped<ChannelCallbacks>();
        services.AddScoped<ChannelFollower>();
        services.AddOutboxHandler<AppointmentStatusChanged, ChannelHandover>();
        services.AddOutboxHandler<ChannelOrderStatusChanged, ChannelOrderFollowing>();
        services.AddScopedJob<ChannelOrderRefresh, RecyclingChannelsOptions>(o => o.ChannelRefreshEvery);
        return services;
    }

    public static void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ChannelOrder>(e =>
        {
            e.ToTable("RecyclingChannelOrders");
            e.HasKey(x => x.AppointmentId);
            e.Property(x => x.AppointmentId).ValueGeneratedNever();
            e.Property(x => x.Status).HasConversion<string>();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.IsOpen);
        });
        modelBuilder.Entity<ChannelAttemptRecord>(e =>
        {
            e.ToTable("RecyclingChannelAttempts");
            e.HasKey(x => x.Id);
        });
        modelBuilder.Entity<ChannelNonce>(e =>
        {
            e.ToTable("RecyclingChannelNonces");
            e.HasKey(x => new { x.Channel, x.Nonce });
        });
    }
}
