using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Circula.Shared.Ids;

/// <summary>
/// A 64-bit id with a type of its own (an order id is not a payment id), as events and contracts carry them. In JSON it
/// is a string of digits, because Snowflake ids exceed what JavaScript numbers hold exactly (2^53).
/// </summary>
public interface ITypedId<TSelf> where TSelf : struct, ITypedId<TSelf>
{
    long Value { get; }

    static abstract TSelf From(long value);
}

/// <summary>Writes a typed id as a string; reads a string of digits (or, for payloads written before, a number).</summary>
public sealed class TypedIdJsonConverter<TId> : JsonConverter<TId> where TId : struct, ITypedId<TId>
{
    public override TId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => TId.From(reader.GetInt64()),
        JsonTokenType.String when long.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) => TId.From(value),
        _ => throw new JsonException($"{typeof(TId).Name} must be a string of digits."),
    };

    public override void Write(Utf8JsonWriter writer, TId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value.ToString(CultureInfo.InvariantCulture));
}
