using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace Circula.Notifications.Outbound;

/// <summary>What a target answered: its HTTP status and body, or null status when it could not be reached.</summary>
public sealed record OutboundAnswer(int? Status, string Body)
{
    public bool Reached => Status is not null;

    /// <summary>The answer as recorded in a delivery's log: the status and the start of the body.</summary>
    public string Summary => Reached ? $"HTTP {Status}: {Clip(Body)}" : Clip(Body);

    public static string Clip(string text) => text.Length > 500 ? text[..500] : text;
}

/// <summary>
/// The one HTTP client robots and webhooks post through: its handler connects through <see cref="TargetGuard"/> and follows
/// no redirects. A call that fails in transit (refused, timed out, reset) is an answer without a status, never an exception.
/// </summary>
public sealed class OutboundHttp(HttpClient http)
{
    public async Task<OutboundAnswer> PostJsonAsync(string url, string json, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await http.SendAsync(request, ct);
            return new OutboundAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new OutboundAnswer(null, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
