using System.Diagnostics;
using System.Text.Json;
using Circula.Data;
using Circula.Notifications.Outbound;
using Circula.Notifications.Providers;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Notifications.SubscribeMessages;

/// <summary>
/// The mini program's access token, shared by every replica through one database row. A token is used until
/// <see cref="SubscribeMessageOptions.RefreshBefore"/> its expiry; then one replica claims the refresh with a conditional
/// update (the row's version unchanged, nobody refreshing) and fetches a new one from <c>cgi-bin/stable_token</c>, while
/// the others wait for it: two replicas never fetch at once, so neither invalidates the token the other holds. A token
/// WeChat rejects (40001, 42001) is replaced once, with <c>force_refresh</c>, unless another replica already replaced it.
/// </summary>
public sealed class MiniProgramTokens(
    CirculaDbContext db, OutboundHttp http, PiiProtector protector, IOptions<SubscribeMessageOptions> options, IOptions<NotificationsOptions> notifications,
    TimeProvider clock)
{
    private static readonly TimeSpan WaitStep = TimeSpan.FromMilliseconds(100);

    /// <summary>A usable token; <paramref name="rejected"/> is one WeChat just refused, which is replaced rather than returned.</summary>
    public async Task<Result<string>> GetAsync(string? rejected, CancellationToken ct)
    {
        var claimFor = notifications.Value.Timeout * 2;
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            var row = await db.Set<MiniProgramToken>().AsNoTracking().SingleAsync(t => t.Id == MiniProgramToken.RowId, ct);
            var token = row.ProtectedToken is null ? null : protector.Decrypt(row.ProtectedToken);
            var now = clock.GetUtcNow().UtcDateTime;
            if (token is not null && token != rejected && row.ExpiresAt - options.Value.RefreshBefore > now)
            {
                return token;
            }

            var claimed = await db.Set<MiniProgramToken>()
                .Where(t => t.Id == MiniProgramToken.RowId && t.Version == row.Version && (t.RefreshingUntil == null || t.RefreshingUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RefreshingUntil, now + claimFor), ct);
            if (claimed == 1)
            {
                return await RefreshAsync(row.Version, force: token is not null && token == rejected, ct);
            }

            // Another replica is fetching (or just stored) a token: read it again shortly. The wait is real time, as
            // the fetch it waits for is.
            if (waiting.Elapsed > claimFor)
            {
                return DomainError.Unavailable("wechat_token_busy", "Another server has been fetching the mini program's access token for too long.");
            }

            await Task.Delay(WaitStep, ct);
        }
    }

    private async Task<Result<string>> RefreshAsync(long version, bool force, CancellationToken ct)
    {
        var fetched = await FetchAsync(force, ct);
        var tokens = db.Set<MiniProgramToken>().Where(t => t.Id == MiniProgramToken.RowId && t.Version == version);
        if (!fetched.IsSuccess)
        {
            await tokens.ExecuteUpdateAsync(s => s.SetProperty(t => t.RefreshingUntil, (DateTime?)null), ct);
            return fetched.Error!;
        }

        var (token, expiresIn) = fetched.Value;
        var protectedToken = protector.Encrypt(token);
        var expiresAt = clock.GetUtcNow().UtcDateTime.AddSeconds(expiresIn);
        await tokens.ExecuteUpdateAsync(s => s
            .SetProperty(t => t.ProtectedToken, protectedToken)
            .SetProperty(t => t.ExpiresAt, expiresAt)
            .SetProperty(t => t.Version, version + 1)
            .SetProperty(t => t.RefreshingUntil, (DateTime?)null), ct);
        return token;
    }

    /// <summary>Calls <c>cgi-bin/stable_token</c>. Its answer holds the token, so only its error code and message are ever kept.</summary>
    private async Task<Result<(string Token, long ExpiresIn)>> FetchAsync(bool force, CancellationToken ct)
    {
        var o = options.Value;
        var body = RobotJson.Write(new { grant_type = "client_credential", appid = o.AppId, secret = o.AppSecret, force_refresh = force });
        var answer = await http.PostJsonAsync(o.Url("/cgi-bin/stable_token"), body, [], ct);
        if (answer is { Reached: true, Status: 200 } && Read(answer.Body) is { } read)
        {
            return read;
        }

        return DomainError.Upstream("wechat_token_failed", $"WeChat gave no access token: {(answer.Reached ? $"HTTP {answer.Status} " : "")}{Failure(answer)}");
    }

    private static (string, long)? Read(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("access_token", out var token) && token.GetString() is { Length: > 0 } value
                && root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt64(out var seconds) && seconds > 0
                ? (value, seconds)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Failure(OutboundAnswer answer)
    {
        if (!answer.Reached)
        {
            return answer.Body;
        }

        var code = RobotJson.Code(answer.Body, "errcode");
        return code is null ? "an answer without a token or an errcode" : $"errcode {code} {RobotJson.Text(answer.Body, "errmsg")}";
    }
}
