using System.Globalization;
using System.Text.Json;
using Circula.Data;
using Circula.Recycling.Contracts;
using Circula.Shared;
using Circula.Shared.Outbox;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Recycling.Channels;

/// <summary>
/// A channel's status callback: trusted only when its signature is good, fresh and its nonce new (the nonce is kept with
/// the update, in one transaction); then the channel order moves forward and a <see cref="ChannelOrderStatusChanged"/>
/// is raised. A repeated or late status (not forward) is accepted and changes nothing.
/// </summary>
public sealed class ChannelCallbacks(
    IOptions<RecyclingChannelsOptions> options,
    CirculaDbContext db,
    Outbox outbox,
    TimeProvider clock,
    ILogger<ChannelCallbacks> logger)
{
    public const string SignatureMissing = "channel_signature_missing";
    public const string SignatureInvalid = "channel_signature_invalid";
    public const string SignatureStale = "channel_signature_stale";
    public const string NonceReplayed = "channel_nonce_replayed";

    private static readonly UniqueIndex NonceKey = new("recycling_channel_nonces_pkey", "recycling_channel_nonces.channel, recycling_channel_nonces.nonce");

    /// <summary>Applies a callback received for channel <paramref name="channelName"/> on <paramref name="method"/> <paramref name="pathAndQuery"/>.</summary>
    public async Task<Result<ChannelOrder>> HandleAsync(string channelName, string method, string pathAndQuery, Func<string, string?> header, byte[] body,
        CancellationToken ct)
    {
        if (options.Value.Channels.FirstOrDefault(c => c.Name == channelName) is not { } channel)
        {
            return DomainError.NotFound("Channel");
        }

        var now = clock.GetUtcNow();
        if (ChannelSignature.Check(channel.Secret!, header, now, method, pathAndQuery, body) is { } refused)
        {
            logger.LogWarning("Recycling channel {Channel} callback refused: {Reason} ({Length} bytes)", channelName, refused, body.Length);
            return DomainError.Unauthorized(refused, "The callback's X-Circula-* signature headers are missing, stale or do not match.");
        }

        if (StatusCallback.Read(body) is not { } callback)
        {
            return DomainError.Validation("body", "must be a JSON object with appointmentId (a string of digits), externalId, status and optionally finalFen and detail.");
        }

        try
        {
            return await ApplyAsync(channelName, header(ChannelSignature.NonceHeader)!, callback, now.UtcDateTime, ct);
        }
        catch (DbUpdateException e) when (NonceKey.IsViolatedBy(e))
        {
            db.ChangeTracker.Clear();
            return DomainError.Unauthorized(NonceReplayed, "This nonce was used already; a new message needs a new nonce.");
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return DomainError.Conflict(ErrorCodes.ConcurrencyConflict, "Another update of this order was applied at the same time; send it again with a new nonce.");
        }
    }

    private async Task<Result<ChannelOrder>> ApplyAsync(string channelName, string nonce, StatusCallback callback, DateTime now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The nonce first: a copy of this callback racing it waits on the key and is refused as a replay.
        await db.Set<ChannelNonce>().Where(n => n.Channel == channelName && n.ReceivedAt < now - 2 * ChannelSignature.MaxSkew).ExecuteDeleteAsync(ct);
        db.Set<ChannelNonce>().Add(ChannelNonce.Seen(channelName, nonce, now));
        await db.SaveChangesAsync(ct);

        var order = await db.Set<ChannelOrder>().FirstOrDefaultAsync(o => o.AppointmentId == callback.AppointmentIdValue && o.Channel == channelName, ct);
        if (order is null || order.ExternalId != callback.ExternalId)
        {
            return DomainError.NotFound("Channel order");
        }

        var from = order.Status;
        if (order.MoveTo(callback.Status, callback.FinalFen, now))
        {
            outbox.Add(new ChannelOrderStatusChanged(order.AppointmentId, channelName, order.ExternalId, from, order.Status, order.FinalFen, callback.Detail, now));
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return order;
    }

    /// <summary>The callback body a channel sends.</summary>
    private sealed record StatusCallback(string AppointmentId, string ExternalId, ChannelOrderStatus Status, long? FinalFen = null, string? Detail = null)
    {
        public long AppointmentIdValue => long.Parse(AppointmentId, NumberStyles.None, CultureInfo.InvariantCulture);

        public static StatusCallback? Read(byte[] body)
        {
            try
            {
                var callback = JsonSerializer.Deserialize<StatusCallback>(body, HttpJsonChannel.Json);
                return callback is not null && long.TryParse(callback.AppointmentId, NumberStyles.None, CultureInfo.InvariantCulture, out _) &&
                       callback.ExternalId.Length is > 0 and <= ChannelOrder.MaxExternalIdLength && callback.FinalFen is null or >= 0 &&
                       (callback.Detail?.Length ?? 0) <= 200
                    ? callback
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
