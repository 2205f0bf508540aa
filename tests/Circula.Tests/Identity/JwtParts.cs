using System.Text;
using System.Text.Json;

namespace Circula.Tests.Identity;

/// <summary>Reads and rebuilds the parts of a compact JWT, for tests that inspect or forge tokens.</summary>
public static class JwtParts
{
    public static JsonElement Payload(string token) =>
        JsonSerializer.Deserialize<JsonElement>(Decode(token.Split('.')[1]));

    public static string Encode(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Decode(string part)
    {
        var base64 = part.Replace('-', '+').Replace('_', '/');
        return Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
    }

    public static string[] Roles(string token) =>
        Payload(token).GetProperty("role") is { ValueKind: JsonValueKind.Array } roles
            ? [.. roles.EnumerateArray().Select(r => r.GetString()!)]
            : [Payload(token).GetProperty("role").GetString()!];
}
