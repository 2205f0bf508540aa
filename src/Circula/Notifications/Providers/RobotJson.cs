using System.Text.Encodings.Web;
using System.Text.Json;

namespace Circula.Notifications.Providers;

/// <summary>How robot bodies are written and answers read: JSON with Chinese kept readable (UTF-8, not \u escapes).</summary>
public static class RobotJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(object body) => JsonSerializer.Serialize(body, Options);

    /// <summary>The integer member <paramref name="name"/> of a JSON object answer, or null when the answer is not such JSON.</summary>
    public static long? Code(string answer, string name) =>
        Member(answer, name) is { ValueKind: JsonValueKind.Number } code && code.TryGetInt64(out var value) ? value : null;

    /// <summary>The string member <paramref name="name"/> of a JSON object answer, or null.</summary>
    public static string? Text(string answer, string name) => Member(answer, name) is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;

    private static JsonElement? Member(string answer, string name)
    {
        try
        {
            using var json = JsonDocument.Parse(answer);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var member) ? member.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
