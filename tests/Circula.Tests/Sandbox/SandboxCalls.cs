using System.Net.Http.Json;
using Circula.Tests.Infrastructure;
using Circula.Tests.Payments;

namespace Circula.Tests.Sandbox;

internal static class SandboxCalls
{
    /// <summary><c>POST /sandbox/{provider}/pay</c> on the instance <paramref name="client"/> talks to.</summary>
    public static async Task<SandboxPayDto> SandboxPayAsync(this HttpClient client, string provider, object request) =>
        await (await client.PostAsJsonAsync($"/sandbox/{provider}/pay", request)).ReadAs<SandboxPayDto>();
}
