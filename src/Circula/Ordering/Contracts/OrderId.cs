using System.Globalization;
using System.Text.Json.Serialization;
using Circula.Shared.Ids;

namespace Circula.Ordering.Contracts;

/// <summary>An order's Snowflake id as contracts and events carry it (a string in JSON).</summary>
[JsonConverter(typeof(TypedIdJsonConverter<OrderId>))]
public readonly record struct OrderId(long Value) : ITypedId<OrderId>
{
    public static OrderId From(long value) => new(value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
