using System.Globalization;
using System.Text.Json.Serialization;
using Circula.Shared.Ids;

namespace Circula.Payments.Contracts;

/// <summary>A refund's Snowflake id as contracts and events carry it (a string in JSON).</summary>
[JsonConverter(typeof(TypedIdJsonConverter<RefundId>))]
public readonly record struct RefundId(long Value) : ITypedId<RefundId>
{
    public static RefundId From(long value) => new(value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
