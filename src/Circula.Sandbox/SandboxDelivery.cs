namespace Circula.Sandbox;

/// <summary>
/// One delivery of a sandbox notification and what our notify endpoint answered; <see cref="Status"/> 0 when it gave no
/// answer in time (the real provider would retry later; reconciliation finds the payment meanwhile).
/// </summary>
public sealed record SandboxDelivery(int Status, string Body)
{
    public const int NoAnswer = 0;

    public static async Task<SandboxDelivery> SendAsync(HttpClient client, HttpRequestMessage message, CancellationToken ct)
    {
        try
        {
            using var response = await client.SendAsync(message, ct);
            return new SandboxDelivery((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            // One copy that times out must not cost the caller the answers of the others.
            return new SandboxDelivery(NoAnswer, "no answer: " + e.Message);
        }
    }
}
