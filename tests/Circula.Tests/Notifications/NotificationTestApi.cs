using System.Net;
using System.Net.Http.Json;
using Circula.Data;
using Circula.Shared.Outbox;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Notifications;

public sealed record RobotDto(long Id, string Name, string Provider, string Format, string UrlHost, bool HasSecret, List<string> Events, string Status, string? FlagReason);

public sealed record AttemptDto(int Attempt, int? HttpStatus, string Outcome, string? Response);

public sealed record DeliveryDto(string Id, string EventId, string EventType, string Status, int Attempts, string? LastResult, List<AttemptDto> AttemptLog);

public sealed record RobotProviderDto(string Name, string DisplayName, List<string> Formats, int MessagesPerWindow, string UrlExample);

public sealed record CatalogDto(List<RobotProviderDto> Providers, List<string> EventTypes);

public sealed record RobotTestDto(string Outcome, string? ProviderCode, int? HttpStatus, string Detail);

internal static class NotificationTestApi
{
    public const string Robots = "/api/v1/admin/robots";
    public const string CatalogPath = "/api/v1/admin/notifications/catalog";

    public static Task<HttpResponseMessage> PostRobotAsync(this HttpClient admin, string provider, string? url, string? secret = null, string? format = null,
        string[]? events = null, string? name = null) =>
        admin.PostAsJsonAsync(Robots, new { name = name ?? $"{provider} 测试群", provider, format, url, secret, events });

    public static async Task<RobotDto> CreateRobotAsync(this HttpClient admin, string provider, string url, string? secret = null, string? format = null,
        params string[] events) =>
        await (await admin.PostRobotAsync(provider, url, secret, format, events)).ReadAs<RobotDto>(HttpStatusCode.Created);

    public static async Task<List<DeliveryDto>> RobotDeliveriesAsync(this HttpClient admin, long robotId) =>
        await (await admin.GetAsync($"{Robots}/{robotId}/deliveries")).ReadAs<List<DeliveryDto>>();

    /// <summary>Publishes events through the outbox, in one transaction, as a module does.</summary>
    public static Task<List<long>> PublishAsync<TEvent>(this CirculaServer server, params TEvent[] events) where TEvent : IIntegrationEvent =>
        server.WithScopeAsync(async sp =>
        {
            var outbox = sp.GetRequiredService<Outbox>();
            var ids = events.Select(e => outbox.Add(e).Id).ToList();
            await sp.GetRequiredService<CirculaDbContext>().SaveChangesAsync();
            return ids;
        });

    /// <summary>
    /// Waits until the notifications fan-out has handled the event (its outbox receipt is written with the deliveries it
    /// queued), so a test can then assert what was, or was not, queued without sleeping.
    /// </summary>
    public static Task FannedOutAsync(this CirculaServer server, long eventId) =>
        server.EventuallyAsync(async () => Convert.ToInt64(await server.Database.ScalarAsync(
            $"SELECT count(*) FROM outbox_deliveries WHERE message_id = {eventId} AND handler LIKE 'notifications.fan-out.%'"),
            System.Globalization.CultureInfo.InvariantCulture) == 1);

    /// <summary>How many of a target's deliveries are in <paramref name="status"/>.</summary>
    public static async Task<long> DeliveriesAsync(this CirculaServer server, string targetKind, long targetId, string status) =>
        Convert.ToInt64(await server.Database.ScalarAsync(
            $"SELECT count(*) FROM notification_deliveries WHERE target_kind = '{targetKind}' AND target_id = {targetId} AND status = '{status}'"),
            System.Globalization.CultureInfo.InvariantCulture);
}
